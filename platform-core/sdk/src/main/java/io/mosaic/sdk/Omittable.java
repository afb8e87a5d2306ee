package io.mosaic.sdk;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A field of a message record that a sender may leave out (or send as JSON {@code null}); the record gives it its
 * default. Every other field is required: the schema derived from the record (the plugin's
 * {@code schemas/messages.schema.json}) lists it under {@code required}, and the gateway refuses a command without it
 * with 400 before it is sent.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
public @interface Omittable {
}
