package io.mosaic.tenant;

/** How the tenant's keys are managed. {@code rotationDays}: days between rotations of the key-encryption key. */
public record KeyPolicy(int rotationDays) {
    static final int MAX_ROTATION_DAYS = 3650;

    public KeyPolicy {
        if (rotationDays < 1 || rotationDays > MAX_ROTATION_DAYS) {
            throw new IllegalArgumentException("rotationDays " + rotationDays + " is outside 1.." + MAX_ROTATION_DAYS);
        }
    }
}
