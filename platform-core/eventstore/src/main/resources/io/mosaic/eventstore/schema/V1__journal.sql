-- The journal (docs/journal.md). Every key starts with the tenant.

-- One row: the last global offset handed out. An append updates it first, so its row lock is held until the
-- append commits: offsets are assigned and become visible in offset order (docs/journal.md).
CREATE TABLE journal_head (
    id          INT PRIMARY KEY CHECK (id = 1),
    last_offset BIGINT NOT NULL CHECK (last_offset >= 0)
);
INSERT INTO journal_head (id, last_offset) VALUES (1, 0);

CREATE TABLE events (
    tenant         CHARACTER VARYING NOT NULL,
    persistence_id CHARACTER VARYING NOT NULL,
    sequence_nr    BIGINT NOT NULL CHECK (sequence_nr >= 1),
    global_offset  BIGINT NOT NULL CHECK (global_offset >= 1),
    event_id       UUID NOT NULL,
    type           CHARACTER VARYING NOT NULL,
    schema_version INT NOT NULL CHECK (schema_version >= 1),
    ts             TIMESTAMP(9) WITH TIME ZONE NOT NULL,
    key_ref        CHARACTER VARYING NOT NULL,
    payload        BINARY VARYING NOT NULL,
    tags           CHARACTER VARYING ARRAY NOT NULL,
    CONSTRAINT events_pk PRIMARY KEY (tenant, persistence_id, sequence_nr),
    CONSTRAINT events_event_id_uq UNIQUE (tenant, event_id),
    CONSTRAINT events_offset_uq UNIQUE (global_offset)
);

CREATE TABLE event_tags (
    tenant        CHARACTER VARYING NOT NULL,
    tag           CHARACTER VARYING NOT NULL,
    global_offset BIGINT NOT NULL,
    CONSTRAINT event_tags_pk PRIMARY KEY (tenant, tag, global_offset)
);

CREATE TABLE snapshots (
    tenant         CHARACTER VARYING NOT NULL,
    persistence_id CHARACTER VARYING NOT NULL,
    sequence_nr    BIGINT NOT NULL CHECK (sequence_nr >= 1),
    ts             TIMESTAMP(9) WITH TIME ZONE NOT NULL,
    key_ref        CHARACTER VARYING NOT NULL,
    payload        BINARY VARYING NOT NULL,
    CONSTRAINT snapshots_pk PRIMARY KEY (tenant, persistence_id, sequence_nr)
);

CREATE TABLE projection_offsets (
    tenant        CHARACTER VARYING NOT NULL,
    projection    CHARACTER VARYING NOT NULL,
    global_offset BIGINT NOT NULL CHECK (global_offset >= 0),
    updated_at    TIMESTAMP(9) WITH TIME ZONE NOT NULL,
    CONSTRAINT projection_offsets_pk PRIMARY KEY (tenant, projection)
);
