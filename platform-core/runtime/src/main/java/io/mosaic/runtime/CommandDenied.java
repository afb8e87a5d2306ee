package io.mosaic.runtime;

/** The receiving domain's rule set refused a command at the gateway (answered with 403); the refusal is audited. */
public final class CommandDenied extends PlatformException {
    public CommandDenied(String message) {
        super(message);
    }
}
