package io.mosaic.local.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The launcher's node is a real Cassandra 5.0.9 on 127.0.0.1, run by a JDK 17, with its config in its own folder. */
@ExtendWith(CassandraExtension.class)
class CassandraLauncherTest {

    @Test
    void sharedNode_answersCql_asCassandra5(CassandraCluster cassandra) throws java.io.IOException {
        assertThat(cassandra.nodes()).hasSize(1);
        CassandraNode node = cassandra.nodes().getFirst();
        assertThat(node.isAlive()).isTrue();
        assertThat(node.address()).isEqualTo("127.0.0.1");
        assertThat(Files.readString(node.directory().resolve("cassandra.yaml")).trim().isEmpty()).isFalse();
        try (CqlSession session = CassandraLauncher.session(cassandra.contactPoints())) {
            assertThat(session.execute("SELECT release_version FROM system.local").one().getString(0))
                    .isEqualTo("5.0.9");
        }
        assertThat(ProcessHandle.of(node.pid()).flatMap(p -> p.info().command())).hasValueSatisfying(command ->
                assertThat(command).contains("17"));
    }

    @Test
    void launcherSettings_areChecked() {
        assertThat(CassandraLauncher.java17().toString()).contains("17");
        assertThat(CassandraLauncher.addresses(3)).containsExactly("127.0.0.1", "127.0.0.2", "127.0.0.3");
        assertThatThrownBy(() -> CassandraLauncher.builder().nodes(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 or 3");
        assertThatThrownBy(() -> CassandraLauncher.builder().heapMb(64)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("256");
        assertThat(ServerClasspath.repositoryRoot().resolve(ServerClasspath.POM)).exists();
    }
}
