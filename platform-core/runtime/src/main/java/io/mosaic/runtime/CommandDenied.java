package io.mosaic.runtime;

/**
 * The receiving domain's rule set refused a command at the gateway (answered with 403); the refusal is audited, and
 * kept as the command's outcome ({@code denied}, with the rule) under {@link #envelopeId()}.
 */
public final class CommandDenied extends PlatformException {
    private final java.util.UUID envelopeId;

    public CommandDenied(String message) {
        this(message, null);
    }

    public CommandDenied(String message, java.util.UUID envelopeIdOrNull) {
        super(message);
        this.envelopeId = envelopeIdOrNull;
    }

    /** The id the refused command was given: its outcome says {@code denied} with the rule. */
    public java.util.Optional<java.util.UUID> envelopeId() {
        return java.util.Optional.ofNullable(envelopeId);
    }
}
