-- Wrapped data and signing keys (docs/keys.md) and the tombstones of destroyed ones (crypto-shredding).

CREATE TABLE data_keys (
    tenant      CHARACTER VARYING NOT NULL,
    name        CHARACTER VARYING NOT NULL,
    version     INT NOT NULL CHECK (version >= 1),
    algorithm   CHARACTER VARYING NOT NULL,
    wrapped_by  CHARACTER VARYING NOT NULL,
    wrapped     BINARY VARYING NOT NULL,
    public_part BINARY VARYING NOT NULL,
    created_at  TIMESTAMP(9) WITH TIME ZONE NOT NULL,
    CONSTRAINT data_keys_pk PRIMARY KEY (tenant, name, version)
);

CREATE TABLE destroyed_keys (
    tenant       CHARACTER VARYING NOT NULL,
    name         CHARACTER VARYING NOT NULL,
    destroyed_at TIMESTAMP(9) WITH TIME ZONE NOT NULL,
    CONSTRAINT destroyed_keys_pk PRIMARY KEY (tenant, name)
);
