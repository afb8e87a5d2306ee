package io.mosaic.local.pulsar;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests one running Pulsar broker per test JVM: the first test class that uses the extension starts it, every
 * later class shares it, and it is stopped when the test run ends (JUnit closes the root store's resources).
 *
 * <pre>{@code
 * @ExtendWith(PulsarExtension.class)
 * class MyTest {
 *     MyTest(PulsarLauncher.Endpoints pulsar) { ... }         // or PulsarLauncher, to stop and restart it
 * }
 * }</pre>
 * A test that stops the broker must start it again ({@link PulsarLauncher#startAgain()}) before it ends; the endpoints
 * stay the same.
 */
public final class PulsarExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PulsarExtension.class);

    /** The root store closes it once, after the last test of the run. */
    private static final class Shared implements AutoCloseable {
        final PulsarLauncher launcher = PulsarLauncher.inFreshRunFolder();

        Shared() {
            launcher.start();
        }

        @Override
        public void close() {
            launcher.close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        launcher(context);
    }

    /** The run's broker, started on first use. */
    public static PulsarLauncher launcher(ExtensionContext context) {
        Shared shared = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Shared.class, k -> new Shared(), Shared.class);
        PulsarLauncher launcher = shared.launcher;
        if (!launcher.isRunning()) { // a test stopped it and failed before starting it again
            launcher.startAgain();
        }
        return launcher;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        Class<?> type = parameter.getParameter().getType();
        return type == PulsarLauncher.class || type == PulsarLauncher.Endpoints.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        PulsarLauncher launcher = launcher(extension);
        return parameter.getParameter().getType() == PulsarLauncher.class ? launcher : launcher.endpoints();
    }
}
