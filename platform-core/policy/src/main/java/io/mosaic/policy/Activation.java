package io.mosaic.policy;

import dev.cel.runtime.CelVariableResolver;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CEL variables of one gate request. Each variable is built on first use and then kept, so a request that
 * meets no condition builds nothing, and several conditions share one set of maps. Not thread-safe: one per call.
 */
final class Activation implements CelVariableResolver {
    private final GateRequest request;
    private Map<String, Object> envelope;
    private Map<String, Object> sender;
    private Map<String, Object> subject;
    private Map<String, Object> grant;
    private Map<String, Object> receiver;

    Activation(GateRequest request) {
        this.request = request;
    }

    @Override
    public Optional<Object> find(String name) {
        return switch (name) {
            case "envelope" -> Optional.of(envelope());
            case "sender" -> Optional.of(sender());
            case "subject" -> Optional.of(subject());
            case "grant" -> Optional.of(grant());
            case "receiver" -> Optional.of(receiver());
            default -> Optional.empty();
        };
    }

    private Map<String, Object> envelope() {
        if (envelope == null) {
            envelope = Map.of(
                    "id", request.envelopeId().toString(),
                    "tenant", request.tenant(),
                    "type", request.type(),
                    "schemaVersion", (long) request.schemaVersion(),
                    "subject", request.subject(),
                    "entity", request.entity().orElse(""));
        }
        return envelope;
    }

    private Map<String, Object> sender() {
        if (sender == null) {
            sender = Map.of("id", request.sender().id(), "version", request.sender().version());
        }
        return sender;
    }

    private Map<String, Object> subject() {
        if (subject == null) {
            Map<String, Object> map = new HashMap<>();
            if (request.attributes().get("subject") instanceof Map<?, ?> attributes) {
                attributes.forEach((key, value) -> map.put(String.valueOf(key), celValue(value)));
            }
            map.put("id", request.subject());
            subject = map;
        }
        return subject;
    }

    private Map<String, Object> grant() {
        if (grant == null) {
            grant = Map.of("scopes", List.copyOf(request.grants()));
        }
        return grant;
    }

    private Map<String, Object> receiver() {
        if (receiver == null) {
            var manifest = request.receiver();
            receiver = Map.of("id", manifest.plugin().id(), "version", manifest.plugin().version(),
                    "domain", manifest.domain());
        }
        return receiver;
    }

    /** Converts Java values to what CEL expects: long for integers, double for decimals, lists for collections. */
    private static Object celValue(Object value) {
        return switch (value) {
            case null -> "";
            case Integer i -> (long) i;
            case Short s -> (long) s;
            case Byte b -> (long) b;
            case Float f -> (double) f;
            case Collection<?> collection -> {
                List<Object> list = new ArrayList<>(collection.size());
                for (Object item : collection) {
                    list.add(celValue(item));
                }
                yield list;
            }
            case Map<?, ?> map -> {
                Map<String, Object> copy = new HashMap<>();
                map.forEach((key, item) -> copy.put(String.valueOf(key), celValue(item)));
                yield copy;
            }
            case Enum<?> e -> e.name();
            default -> value;
        };
    }
}
