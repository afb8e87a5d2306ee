package io.mosaic.sdk;

/** The entity's data keys were destroyed (crypto-shredding): its data can no longer be read. */
public final class EntityForgottenException extends RuntimeException {
    private final String entity;

    public EntityForgottenException(String tenant, String entity) {
        super("entity forgotten: " + tenant + "/" + entity + " (its data keys were destroyed)");
        this.entity = entity;
    }

    public String entity() {
        return entity;
    }
}
