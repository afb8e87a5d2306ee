package io.mosaic.benchmarks;

import io.mosaic.hsm.InMemoryWrappedKeyRepository;
import io.mosaic.hsm.SoftwareKeyService;
import io.mosaic.policy.GateRequest;
import io.mosaic.policy.RuleSet;
import io.mosaic.policy.RuleSets;
import io.mosaic.sdk.PluginId;
import io.mosaic.sdk.PluginKind;
import io.mosaic.sdk.PluginManifest;
import io.mosaic.sdk.ScopeRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * What the benchmarks share: one tenant, a sender ({@code custody}) publishing {@code custody.PositionChanged}, a
 * receiver (the {@code assets} domain) consuming it, the receiving domain's rule sets, a 1 KiB JSON payload and a
 * software key service in a temporary folder.
 */
final class Fixtures {
    static final String TENANT = "bench";
    static final String TYPE = "custody.PositionChanged";
    static final String DOMAIN = "custody";
    static final PluginId SENDER = new PluginId("custody", "1.0.0");
    static final Set<String> SENDER_PUBLISHES = Set.of(TYPE, "custody.AccountOpened", "custody.TransactionBooked");
    static final Set<String> GRANTS = Set.of("assets:read", "custody:positions:read");
    static final Map<String, Object> ATTRIBUTES = Map.of("subject", Map.of("roles", List.of("advisor", "reader")));
    static final String MATCHING_RULE = "assets:custody-positions-for-advisors";

    static final PluginManifest RECEIVER = new PluginManifest(new PluginId("assets", "1.0.0"), "Mosaic",
            PluginKind.DOMAIN, "assets", "io.mosaic.plugins.assets.AssetsPlugin",
            List.of("assets.RegisterAsset", "assets.RecordValuation", TYPE, "custody.AccountOpened",
                    "market-data.PriceChanged"),
            List.of("assets.AssetRegistered", "assets.ValuationRecorded"),
            List.of(new ScopeRequest("custody:positions:read", "to show custody positions beside other assets")),
            Map.of());

    /**
     * 20 rules of the assets domain. For {@link #TYPE} from {@link #SENDER}, in file order: 4 deny rules cover the
     * type, 3 of them with a CEL condition that is false here (evaluated), 1 for another sender (skipped); 9 allow
     * rules cover the type: 4 for other senders (skipped), 3 with a CEL condition that is false (evaluated), then
     * rule 19, {@link #MATCHING_RULE}, whose 4-clause CEL condition is true, and rule 20 (never reached). So one
     * decision walks 12 candidate rules and evaluates 7 CEL conditions; the other 7 rules are about other types.
     */
    static final String POLICY_20 = """
            domain: assets
            version: 3
            description: benchmark rule set, the matching rule near the end
            rules:
              - id: gateway-commands
                types: [assets.RegisterAsset, assets.RecordValuation]
                senders: [platform.gateway]
                when: "envelope.subject != ''"
              - id: no-forgotten-entities
                effect: deny
                types: ["custody.*"]
                senders: ["*"]
                when: "envelope.entity == 'forgotten'"
              - id: valuations-by-advisors-only
                effect: deny
                types: [assets.RecordValuation]
                senders: ["*"]
                when: "!(has(subject.roles) && 'advisor' in subject.roles)"
              - id: old-schemas
                effect: deny
                types: [custody.PositionChanged, custody.AccountOpened]
                senders: ["*"]
                when: "envelope.schemaVersion > 3"
              - id: quarantined-sender
                effect: deny
                types: ["custody.*"]
                senders: [quarantine]
              - id: suspended-subjects
                effect: deny
                types: ["custody.*", "assets.*"]
                senders: ["*"]
                when: "has(subject.roles) && 'suspended' in subject.roles"
              - id: market-prices
                types: [market-data.PriceChanged]
                senders: [market-data]
              - id: accounts
                types: [custody.AccountOpened]
                senders: [custody]
              - id: positions-from-bank-feeds
                types: ["custody.*"]
                senders: [bank-feed]
              - id: positions-from-reconciliation
                types: [custody.PositionChanged]
                senders: [reconciliation]
                when: "envelope.entity != ''"
              - id: valuations-from-appraisers
                types: [assets.RecordValuation]
                senders: [appraisal]
              - id: positions-of-test-tenant
                types: [custody.PositionChanged]
                senders: [custody]
                when: "envelope.tenant == 'test'"
              - id: positions-for-auditors
                types: ["custody.*"]
                senders: ["*"]
                when: "has(subject.roles) && 'auditor' in subject.roles"
              - id: positions-from-migration
                types: ["custody.*"]
                senders: [migration]
              - id: positions-with-grant
                types: [custody.PositionChanged]
                senders: [custody]
                when: "'custody:positions:write' in grant.scopes"
              - id: price-corrections
                types: [market-data.PriceChanged]
                senders: [platform.gateway]
                when: "envelope.subject != ''"
              - id: positions-from-partner
                types: [custody.PositionChanged]
                senders: [partner-bank]
              - id: asset-registrations
                types: [assets.RegisterAsset]
                senders: [assets]
              - id: custody-positions-for-advisors
                types: [custody.PositionChanged]
                senders: [custody]
                when: "envelope.entity != '' && has(subject.roles) && 'advisor' in subject.roles && 'custody:positions:read' in grant.scopes"
                reason: Positions feed the asset view of advisors
              - id: everything-for-operators
                types: ["custody.*"]
                senders: ["*"]
                when: "has(subject.roles) && 'operator' in subject.roles"
            """;

    /** The baseline: one rule, no condition, covering the same type and sender. */
    static final String POLICY_1 = """
            domain: assets
            version: 1
            rules:
              - id: custody-positions
                types: [custody.PositionChanged]
                senders: [custody]
            """;

    private Fixtures() {
    }

    static RuleSet ruleSet(String yaml) {
        return RuleSets.parse("benchmark/policy.yaml", yaml);
    }

    static GateRequest request(UUID id, String entity) {
        return new GateRequest(id, TENANT, TENANT, TYPE, 1, SENDER, "advisor-7", entity, SENDER_PUBLISHES, RECEIVER,
                GRANTS, ATTRIBUTES);
    }

    /** A JSON object of exactly {@code size} bytes (UTF-8), shaped like a position message. */
    static byte[] jsonPayload(int size) {
        String head = "{\"account\":\"CH93-0076-2011-6238-5295-7\",\"instrument\":\"CH0038863350\",\"quantity\":\"1250.000\","
                + "\"currency\":\"CHF\",\"asOf\":\"2024-03-01\",\"note\":\"";
        String tail = "\"}";
        int fill = size - head.length() - tail.length();
        if (fill < 0) {
            throw new IllegalArgumentException("payload size " + size + " is below the fixed part " + (head.length() + tail.length()));
        }
        byte[] json = (head + "x".repeat(fill) + tail).getBytes(StandardCharsets.UTF_8);
        if (json.length != size) {
            throw new IllegalStateException("payload is " + json.length + " bytes, wanted " + size);
        }
        return json;
    }

    /** A software key service over a fresh key store in its own temporary folder, with the tenant key created. */
    static final class Keys implements AutoCloseable {
        final Path folder;
        final SoftwareKeyService service;

        Keys() {
            try {
                folder = Files.createTempDirectory("mosaic-bench-keys");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary folder for the benchmark key store", e);
            }
            service = SoftwareKeyService.open(folder.resolve("keys.p12"), "bench-password".toCharArray(),
                    new InMemoryWrappedKeyRepository(), Clock.systemUTC());
            service.createTenantKey(TENANT);
        }

        @Override
        public void close() {
            service.close();
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the benchmark key store folder " + folder, e);
            }
        }
    }
}
