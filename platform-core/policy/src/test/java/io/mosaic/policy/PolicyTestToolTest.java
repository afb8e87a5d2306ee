package io.mosaic.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyTestToolTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

    private String output() {
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private Path policy() throws Exception {
        return write("policy.yaml", """
                domain: assets
                version: 2
                rules:
                  - id: gateway-commands
                    types: [assets.RegisterAsset]
                    senders: [platform.gateway]
                    when: "has(subject.roles) && 'advisor' in subject.roles"
                    reason: advisors register assets
                """);
    }

    @Test
    void casesThatDecideAsExpected_pass_withExitCode0() throws Exception {
        Path cases = write("cases.yaml", """
                - name: advisor registers
                  type: assets.RegisterAsset
                  sender: platform.gateway@1.4.0
                  subject: {id: u-1, roles: [advisor]}
                  grants: [assets:write]
                  expect: allow
                  rule: assets:gateway-commands
                - name: client may not
                  type: assets.RegisterAsset
                  sender: platform.gateway
                  subject: {id: u-2, roles: [client]}
                  expect: deny
                - name: foreign topic
                  type: assets.RegisterAsset
                  sender: platform.gateway
                  subject: {id: u-1, roles: [advisor]}
                  topicTenant: bank-b
                  expect: deny
                  rule: builtin:tenant
                - name: undeclared by sender
                  type: assets.RegisterAsset
                  sender: platform.gateway
                  senderPublishes: [platform.Other]
                  subject: {id: u-1, roles: [advisor]}
                  expect: deny
                  rule: builtin:sender-declares
                - name: not consumed
                  type: assets.RegisterAsset
                  sender: platform.gateway
                  receiverConsumes: [assets.RecordValuation]
                  expect: deny
                  rule: builtin:consumes
                """);

        int code = PolicyTestTool.run(new String[]{policy().toString(), cases.toString()}, out);

        assertThat(code).as(output()).isZero();
        assertThat(output())
                .contains("PASS advisor registers: allow by assets:gateway-commands (advisors register assets)")
                .contains("PASS client may not: deny by builtin:default-deny (no rule of assets v2 allows "
                        + "assets.RegisterAsset from platform.gateway)")
                .contains("PASS foreign topic: deny by builtin:tenant")
                .contains("5 cases, 5 passed, 0 failed (assets v2)");
    }

    @Test
    void caseDecidingOtherwise_fails_withExitCode1() throws Exception {
        Path cases = write("cases.yaml", """
                - name: client registers
                  type: assets.RegisterAsset
                  sender: platform.gateway
                  subject: u-2
                  expect: allow
                - name: advisor registers, wrong rule expected
                  type: assets.RegisterAsset
                  sender: platform.gateway
                  subject: {id: u-1, roles: [advisor]}
                  expect: allow
                  rule: assets:other
                """);

        int code = PolicyTestTool.run(new String[]{policy().toString(), cases.toString()}, out);

        assertThat(code).isEqualTo(1);
        assertThat(output())
                .contains("FAIL client registers (line 1): expected allow, got deny by builtin:default-deny")
                .contains("FAIL advisor registers, wrong rule expected (line 6): expected allow by assets:other, "
                        + "got allow by assets:gateway-commands")
                .contains("2 cases, 0 passed, 2 failed");
    }

    @Test
    void brokenPolicy_isReported_withExitCode2() throws Exception {
        Path policy = write("policy.yaml", "domain: assets\nversion: 1\nrules:\n  - id: a\n    types: [x]\n    senders: [\"*\"]\n");
        Path cases = write("cases.yaml", "[]\n");

        int code = PolicyTestTool.run(new String[]{policy.toString(), cases.toString()}, out);

        assertThat(code).isEqualTo(2);
        assertThat(output()).contains(policy + ":5: type 'x' of rule 'a' is not a message type");
    }

    @Test
    void brokenCases_areReportedWithLines_withExitCode2() throws Exception {
        Path cases = write("cases.yaml", """
                - name: no type
                  sender: platform.gateway
                  expect: allow
                - name: bad expectation
                  type: assets.RegisterAsset
                  sender: platform.gateway
                  expect: maybe
                  colour: blue
                """);

        int code = PolicyTestTool.run(new String[]{policy().toString(), cases.toString()}, out);

        assertThat(code).isEqualTo(2);
        assertThat(output())
                .contains(cases + ":1: the case at line 1 has no 'type'")
                .contains(cases + ":7: expect of case 'bad expectation' is 'maybe' (hint: allow or deny)")
                .contains(cases + ":8: unknown field 'colour'");
    }

    @Test
    void wrongArguments_printUsage_withExitCode2() {
        int code = PolicyTestTool.run(new String[]{"only-one.yaml"}, out);

        assertThat(code).isEqualTo(2);
        assertThat(output()).startsWith("usage: PolicyTestTool <policy.yaml> <cases.yaml>");
    }
}
