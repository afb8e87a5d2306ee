package io.mosaic.local.cassandra;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one local Cassandra node per test JVM, started lazily by the first test class that asks for
 * it and stopped when the JVM's test run ends (it lives in the root store). Test classes take it as a
 * {@link CassandraCluster} parameter of a constructor, a {@code @BeforeAll} or a test, or call {@link #node}.
 *
 * <pre>{@code
 * @ExtendWith(CassandraExtension.class)
 * class MyTest {
 *     @BeforeAll static void connect(CassandraCluster cassandra) { ... cassandra.contactPoints() ... }
 * }
 * }</pre>
 *
 * The one test that needs three nodes starts its own with {@link #startThreeNodes(int)} and closes it itself.
 */
public final class CassandraExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(CassandraExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        node(context);
    }

    /** The shared single node of this test JVM, started on first use. */
    public static CassandraCluster node(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("single-node", key -> new Shared(CassandraLauncher.builder().start()), Shared.class)
                .cluster();
    }

    /** A fresh cluster of three nodes on 127.0.0.1/.2/.3 with {@code heapMb} each; the caller closes it. */
    public static CassandraCluster startThreeNodes(int heapMb) {
        return CassandraLauncher.builder().nodes(3).heapMb(heapMb).clusterName("mosaic-three").start();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == CassandraCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return node(context);
    }

    private record Shared(CassandraCluster cluster) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            cluster.close();
        }
    }
}
