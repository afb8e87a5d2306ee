-- Envelope ids a consumer has processed: the consumer half of effectively-once delivery.

CREATE TABLE processed_messages (
    tenant       CHARACTER VARYING NOT NULL,
    consumer     CHARACTER VARYING NOT NULL,
    envelope_id  UUID NOT NULL,
    processed_at TIMESTAMP(9) WITH TIME ZONE NOT NULL,
    CONSTRAINT processed_messages_pk PRIMARY KEY (tenant, consumer, envelope_id)
);
