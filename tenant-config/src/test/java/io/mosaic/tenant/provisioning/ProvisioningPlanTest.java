package io.mosaic.tenant.provisioning;

import io.mosaic.hsm.Encrypted;
import io.mosaic.hsm.InMemoryWrappedKeyRepository;
import io.mosaic.hsm.KeyRef;
import io.mosaic.hsm.Signer;
import io.mosaic.hsm.SoftwareKeyService;
import io.mosaic.sdk.EntityForgottenException;
import io.mosaic.tenant.TenantDescriptor;
import io.mosaic.tenant.TenantDescriptors;
import io.mosaic.tenant.provisioning.ProvisioningReport.Outcome;
import io.mosaic.tenant.provisioning.ProvisioningReport.StepOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProvisioningPlanTest {
    private static final TenantDescriptor DEMO = TenantDescriptors.load(Path.of("tenants/demo.yaml"));
    private static final TenantDescriptor ALPINE = TenantDescriptors.load(Path.of("tenants/alpine.yaml"));
    private static final byte[] AAD = "demo|client-7|event-1".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private final FakeTenantParts parts = new FakeTenantParts();

    private ProvisioningPlan plan(TenantKeys keys, ProvisioningStates states) {
        return new ProvisioningPlan(keys, parts, parts, parts, parts, states, Clock.systemUTC());
    }

    @Test
    void create_makesEveryPart_inOrder_andReportsProgress() {
        List<String> progress = new ArrayList<>();
        ProvisioningListener listener = new ProvisioningListener() {
            @Override
            public void stepStarted(String tenant, ProvisioningReport.Action action, ProvisioningStep step) {
                progress.add("start " + step);
            }

            @Override
            public void stepEnded(String tenant, ProvisioningReport.Action action, ProvisioningReport.StepReport r) {
                progress.add(r.outcome() + " " + r.step());
            }
        };

        ProvisioningReport report = plan(parts, new InMemoryProvisioningStates()).create(DEMO, listener);

        assertThat(report.complete()).isTrue();
        assertThat(parts.hasAll("demo")).isTrue();
        assertThat(progress).containsExactly(
                "start TENANT_KEY", "DONE TENANT_KEY", "start BUS_NAMESPACES", "DONE BUS_NAMESPACES",
                "start JOURNAL_SPACE", "DONE JOURNAL_SPACE", "start IDENTITY_REALM", "DONE IDENTITY_REALM",
                "start RUNTIME", "DONE RUNTIME");
    }

    @ParameterizedTest
    @EnumSource(ProvisioningStep.class)
    void failureAtEachStep_isRecorded_andARestartResumesToACompleteTenant(ProvisioningStep failing) {
        parts.failNext(failing, 1);
        Path stateDir = dir.resolve("states");

        ProvisioningReport failed = plan(parts, new FileProvisioningStates(stateDir)).create(DEMO,
                ProvisioningListener.none());

        assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(failed.message()).contains("tenant 'demo' failed at step " + failing.label(),
                "injected failure of " + failing.label(), "run create again");
        assertThat(failed.failedStep()).hasValueSatisfying(s -> assertThat(s.step()).isEqualTo(failing));
        for (ProvisioningStep step : ProvisioningStep.values()) {
            StepOutcome expected = step.ordinal() < failing.ordinal() ? StepOutcome.DONE
                    : step == failing ? StepOutcome.FAILED : StepOutcome.NOT_REACHED;
            assertThat(failed.outcomeOf(step)).as(step.name()).isEqualTo(expected);
            assertThat(parts.has(step, "demo")).as(step.name()).isEqualTo(step.ordinal() < failing.ordinal());
        }

        // a new process: a new plan over the same state directory
        ProvisioningPlan restarted = plan(parts, new FileProvisioningStates(stateDir));
        assertThat(restarted.incomplete()).extracting(TenantState::tenant).containsExactly("demo");
        assertThat(restarted.state("demo").orElseThrow().steps().get(failing).detail())
                .contains("injected failure");

        ProvisioningReport resumed = restarted.create(DEMO, ProvisioningListener.none());

        assertThat(resumed.complete()).as(resumed.message()).isTrue();
        assertThat(parts.hasAll("demo")).isTrue();
        for (ProvisioningStep step : ProvisioningStep.values()) {
            assertThat(resumed.outcomeOf(step)).isEqualTo(step.ordinal() < failing.ordinal()
                    ? StepOutcome.ALREADY_DONE : StepOutcome.DONE);
            assertThat(parts.calls(step)).as("calls of " + step).isEqualTo(step == failing ? 2 : 1);
        }
        assertThat(restarted.state("demo").orElseThrow().phase()).isEqualTo(TenantState.Phase.ACTIVE);
        assertThat(restarted.incomplete()).isEmpty();
    }

    @Test
    void createOfAnActiveTenant_changesNothing() {
        ProvisioningPlan plan = plan(parts, new InMemoryProvisioningStates());
        plan.create(DEMO, ProvisioningListener.none());

        ProvisioningReport again = plan.create(DEMO, ProvisioningListener.none());

        assertThat(again.complete()).isTrue();
        assertThat(again.steps()).extracting(ProvisioningReport.StepReport::outcome)
                .containsOnly(StepOutcome.ALREADY_DONE);
        for (ProvisioningStep step : ProvisioningStep.values()) {
            assertThat(parts.calls(step)).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(ProvisioningStep.class)
    void deletionFailingAtEachStep_resumesToNothingLeft(ProvisioningStep failing) {
        ProvisioningPlan plan = plan(parts, new InMemoryProvisioningStates());
        plan.create(DEMO, ProvisioningListener.none());
        plan.create(ALPINE, ProvisioningListener.none());
        parts.failNext(failing, 1);

        ProvisioningReport failed = plan.delete("demo", ProvisioningListener.none());
        assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(parts.has(failing, "demo")).isTrue();

        ProvisioningReport resumed = plan.delete("demo", ProvisioningListener.none());

        assertThat(resumed.complete()).as(resumed.message()).isTrue();
        assertThat(resumed.outcomeOf(failing)).isEqualTo(StepOutcome.DONE);
        assertThat(parts.hasNone("demo")).isTrue();
        assertThat(parts.hasAll("alpine")).isTrue();
        assertThat(plan.state("demo").orElseThrow().phase()).isEqualTo(TenantState.Phase.DELETED);
    }

    @Test
    void deletion_shredsTheKeysBeforeDroppingTheJournalSpace() {
        ProvisioningPlan plan = plan(parts, new InMemoryProvisioningStates());
        plan.create(DEMO, ProvisioningListener.none());
        parts.failNext(ProvisioningStep.JOURNAL_SPACE, 1);

        plan.delete("demo", ProvisioningListener.none());

        assertThat(parts.has(ProvisioningStep.JOURNAL_SPACE, "demo")).isTrue();
        assertThat(parts.has(ProvisioningStep.TENANT_KEY, "demo")).isFalse();
    }

    @Test
    void aDeletedTenantsId_isNotProvisionedAgain() {
        ProvisioningPlan plan = plan(parts, new InMemoryProvisioningStates());
        plan.create(DEMO, ProvisioningListener.none());
        plan.delete("demo", ProvisioningListener.none());

        ProvisioningReport report = plan.create(DEMO, ProvisioningListener.none());

        assertThat(report.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(report.message()).contains("tenant 'demo' was deleted", "cannot be provisioned again");
        assertThat(parts.hasNone("demo")).isTrue();
    }

    @Test
    void deletingATenant_leavesItsDataUnreadable_andOtherTenantsReadable() {
        InMemoryWrappedKeyRepository repository = new InMemoryWrappedKeyRepository();
        try (SoftwareKeyService keys = SoftwareKeyService.open(dir.resolve("keys.p12"), "secret".toCharArray(),
                repository, Clock.systemUTC())) {
            ProvisioningPlan plan = plan(new KeyServiceTenantKeys(keys, repository), new InMemoryProvisioningStates());
            assertThat(plan.create(DEMO, ProvisioningListener.none()).complete()).isTrue();
            assertThat(plan.create(ALPINE, ProvisioningListener.none()).complete()).isTrue();
            assertThat(keys.hasTenantKey("demo")).isTrue();

            Encrypted demoData = keys.encrypt("demo", "client-7", "portfolio of client 7".getBytes(), AAD);
            Encrypted moreDemoData = keys.encrypt("demo", "family-3", "family 3".getBytes(), AAD);
            Encrypted alpineData = keys.encrypt("alpine", "client-7", "alpine's client".getBytes(), AAD);
            Signer demoSigner = keys.signer("demo", "valuation-alerts");
            assertThat(keys.decrypt(demoData, AAD)).asString().isEqualTo("portfolio of client 7"); // key now cached

            ProvisioningReport deleted = plan.delete("demo", ProvisioningListener.none());

            assertThat(deleted.complete()).as(deleted.message()).isTrue();
            assertThatThrownBy(() -> keys.decrypt(demoData, AAD)).isInstanceOf(EntityForgottenException.class);
            assertThatThrownBy(() -> keys.decrypt(moreDemoData, AAD)).isInstanceOf(EntityForgottenException.class);
            assertThat(repository.isDestroyed("demo", KeyRef.signingKey("demo", "valuation-alerts", 1).name()))
                    .isTrue();
            assertThat(repository.find(demoSigner.keyRef())).isEmpty();
            assertThat(keys.decrypt(alpineData, AAD)).asString().isEqualTo("alpine's client");
        }
    }
}
