package io.mosaic.policy;

import io.mosaic.sdk.PluginId;
import io.mosaic.sdk.PluginKind;
import io.mosaic.sdk.PluginManifest;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Builds gate requests for tests: by default a valid delivery of assets.RegisterAsset from platform.gateway. */
final class Fixtures {
    static final String TENANT = "bank-a";

    private Fixtures() {
    }

    static PluginManifest receiver(String domain, List<String> consumes) {
        return new PluginManifest(new PluginId(domain, "1.2.0"), "Mosaic", PluginKind.DOMAIN, domain,
                "io.mosaic.test.Receiver", consumes, List.of(), List.of(), Map.of());
    }

    static Request request() {
        return new Request();
    }

    static final class Request {
        String tenant = TENANT;
        String topicTenant = TENANT;
        String type = "assets.RegisterAsset";
        PluginId sender = new PluginId("platform.gateway", "1.0.0");
        Set<String> senderPublishes = null;
        String subject = "user-1";
        String entity = null;
        PluginManifest receiver = Fixtures.receiver("assets", List.of("assets.RegisterAsset", "assets.RecordValuation",
                "custody.PositionChanged"));
        Set<String> grants = Set.of("assets:write");
        Map<String, Object> attributes = Map.of();

        Request tenant(String value) {
            tenant = value;
            return this;
        }

        Request topicTenant(String value) {
            topicTenant = value;
            return this;
        }

        Request type(String value) {
            type = value;
            return this;
        }

        Request sender(String id) {
            sender = new PluginId(id, "1.0.0");
            return this;
        }

        Request senderPublishes(String... types) {
            senderPublishes = Set.of(types);
            return this;
        }

        Request subject(String value) {
            subject = value;
            return this;
        }

        Request entity(String value) {
            entity = value;
            return this;
        }

        Request receiver(PluginManifest value) {
            receiver = value;
            return this;
        }

        Request grants(String... scopes) {
            grants = Set.of(scopes);
            return this;
        }

        Request subjectAttributes(Map<String, Object> values) {
            attributes = Map.of("subject", values);
            return this;
        }

        GateRequest build() {
            return new GateRequest(UUID.fromString("0b6f6a1e-3c1d-4f4e-9a53-6f1d2b8c9e01"), tenant, topicTenant, type, 1,
                    sender, subject, entity, senderPublishes == null ? Set.of(type) : senderPublishes, receiver,
                    grants, attributes);
        }
    }
}
