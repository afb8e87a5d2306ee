package io.mosaic.policy;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every first-party plugin that ships {@code policy-cases.yaml} beside its {@code policy.yaml} has them pass in CI. */
class FirstPartyPolicyCasesTest {
    static final Path PLUGINS = Path.of("../../plugins").toAbsolutePath().normalize();

    @TestFactory
    Stream<DynamicTest> casesOfEveryPlugin() throws IOException {
        List<Path> caseFiles;
        try (Stream<Path> files = Files.walk(PLUGINS, 8)) {
            caseFiles = files.filter(p -> p.getFileName().toString().equals("policy-cases.yaml"))
                    .filter(p -> p.toString().contains("src/main/resources")).sorted().toList();
        }
        assertThat(caseFiles).as("first-party plugins ship policy cases").hasSizeGreaterThanOrEqualTo(2);
        return caseFiles.stream().map(cases -> DynamicTest.dynamicTest(PLUGINS.relativize(cases).toString(), () -> {
            Path policy = cases.resolveSibling("policy.yaml");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int exit = PolicyTestTool.run(new String[] {policy.toString(), cases.toString()},
                    new PrintStream(out, true, StandardCharsets.UTF_8));
            assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();
        }));
    }
}
