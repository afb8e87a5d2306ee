package io.mosaic.policy;

import dev.cel.runtime.CelVariableResolver;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CEL variables of one gate request. Each variable is built on first use and then kept, so a request that
 * meets no condition builds nothing, and several conditions share one set of maps. The {@code subject} variable comes
 * from {@link SubjectValues}, converted once per cached subject rather than per request. Not thread-safe: one per call.
 */
final class Activation implements CelVariableResolver {
    private final GateRequest request;
    private Optional<Object> envelope;
    private Optional<Object> sender;
    private Optional<Object> subject;
    private Optional<Object> grant;
    private Optional<Object> receiver;
    private SubjectValues subjectValues;

    Activation(GateRequest request) {
        this.request = request;
    }

    @Override
    public Optional<Object> find(String name) {
        return switch (name) {
            case "subject" -> subject();
            case "envelope" -> envelope();
            case "sender" -> sender();
            case "grant" -> grant();
            case "receiver" -> receiver();
            default -> Optional.empty();
        };
    }

    /** The request's subject with its converted attributes (and remembered subject-only outcomes). */
    SubjectValues subjectValues() {
        if (subjectValues == null) {
            subjectValues = SubjectValues.of(request.attributes().get("subject"), request.subject());
        }
        return subjectValues;
    }

    private Optional<Object> subject() {
        if (subject == null) {
            subject = Optional.of(subjectValues().value());
        }
        return subject;
    }

    private Optional<Object> envelope() {
        if (envelope == null) {
            envelope = Optional.of(Map.of(
                    "id", request.envelopeId().toString(),
                    "tenant", request.tenant(),
                    "type", request.type(),
                    "schemaVersion", (long) request.schemaVersion(),
                    "subject", request.subject(),
                    "entity", request.entityOrNull() == null ? "" : request.entityOrNull(),
                    "owners", owners()));
        }
        return envelope;
    }

    /** The owners the message or read touches (attribute {@code owners}, set by the runtime); empty if none. */
    private List<String> owners() {
        Object owners = request.attributes().get("owners");
        if (owners instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    private Optional<Object> sender() {
        if (sender == null) {
            sender = Optional.of(Map.of("id", request.sender().id(), "version", request.sender().version()));
        }
        return sender;
    }

    private Optional<Object> grant() {
        if (grant == null) {
            grant = Optional.of(Map.of("scopes", List.copyOf(request.grants())));
        }
        return grant;
    }

    private Optional<Object> receiver() {
        if (receiver == null) {
            var manifest = request.receiver();
            receiver = Optional.of(Map.of("id", manifest.plugin().id(), "version", manifest.plugin().version(),
                    "domain", manifest.domain()));
        }
        return receiver;
    }
}
