package io.mosaic.runtime;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The subject directory's fold, replayed from the journal, equals a plain set model of the same changes. */
class SubjectDirectoryPropertiesTest {
    static Path data;
    static MosaicPlatform platform;

    @BeforeContainer
    static void start() throws IOException {
        data = Files.createTempDirectory("mosaic-subjects");
        platform = MosaicPlatform.embedded(data, "test-password".toCharArray(), Clock.systemUTC());
    }

    @AfterContainer
    static void stop() {
        platform.close();
    }

    @Property(tries = 50)
    void assignmentsAndSharesFoldLikeSets_andSurviveARestart(@ForAll("operations") List<String> ops) {
        String tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
        AuditTrail audit = new AuditTrail(platform.journal(), Clock.systemUTC());
        SubjectDirectory directory = new SubjectDirectory(tenant, platform.journal(), audit, Clock.systemUTC());
        Set<String> clients = new HashSet<>();
        Set<String> shared = new HashSet<>();
        for (String op : ops) {
            String other = op.substring(2);
            switch (op.substring(0, 2)) {
                case "+a" -> {
                    directory.assignClient("adv", other, "p", "");
                    clients.add(other);
                }
                case "-a" -> {
                    if (clients.remove(other)) {
                        directory.unassignClient("adv", other, "p", "");
                    }
                }
                case "+s" -> {
                    directory.share(other, "adv", "p", "");
                    shared.add(other);
                }
                default -> {
                    if (shared.remove(other)) {
                        directory.unshare(other, "adv", "p", "");
                    }
                }
            }
        }
        SubjectDirectory reread = new SubjectDirectory(tenant, platform.journal(), audit, Clock.systemUTC());
        assertThat(reread.find("adv").map(SubjectDirectory.Subject::shared).orElse(Set.of())).isEqualTo(shared);
        assertThat(reread.find("adv").map(SubjectDirectory.Subject::clients).orElse(Set.of())).isEqualTo(clients);
        assertThat(reread.gateAttributes("adv")).isEqualTo(directory.gateAttributes("adv"));
        assertThat(audit.verify(tenant)).isEmpty();
    }

    @Provide
    Arbitrary<List<String>> operations() {
        return Arbitraries.of("+ac1", "+ac2", "-ac1", "-ac2", "+sc1", "+sc2", "-sc1", "-sc2").list().ofMaxSize(15);
    }
}
