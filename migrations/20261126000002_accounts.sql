-- Accounts, sessions, API tokens, sign-in throttling, the audit trail, restricted incidents.

CREATE TABLE person (
    id            uuid PRIMARY KEY,
    email         text NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254),
    display_name  text NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 100),
    role          text NOT NULL CHECK (role IN ('viewer', 'responder', 'admin')),
    active        boolean NOT NULL DEFAULT true,
    password_hash text NOT NULL,
    version       integer NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX person_email_key ON person (lower(email));
CREATE INDEX person_name_idx ON person (lower(display_name), id);

-- The cookie holds a random secret; only its SHA-256 is stored.
CREATE TABLE session (
    id_hash      bytea PRIMARY KEY,
    person_id    uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    csrf_token   text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL
);
CREATE INDEX session_person_idx ON session (person_id);
CREATE INDEX session_expires_idx ON session (expires_at);

CREATE TABLE api_token (
    id           uuid PRIMARY KEY,
    person_id    uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    name         text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    token_hash   bytea NOT NULL,
    prefix       text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);
CREATE UNIQUE INDEX api_token_hash_key ON api_token (token_hash);
CREATE INDEX api_token_person_idx ON api_token (person_id, created_at DESC);

-- Failed sign-ins, for throttling per account (as typed) and per client address.
CREATE TABLE sign_in_failure (
    id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email  text NOT NULL,
    client text NOT NULL,
    at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_failure_email_idx ON sign_in_failure (email, at);
CREATE INDEX sign_in_failure_client_idx ON sign_in_failure (client, at);

CREATE TABLE audit_event (
    id          uuid PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor_id    uuid REFERENCES person (id),
    actor       text NOT NULL,
    action      text NOT NULL,
    entity      text NOT NULL,
    entity_id   text NOT NULL,
    incident_id uuid REFERENCES incident (id) ON DELETE CASCADE,
    summary     text NOT NULL,
    before      jsonb,
    after       jsonb
);
-- Ids are UUIDv7, so id order is time order: lists page by id.
CREATE INDEX audit_event_entity_idx ON audit_event (entity, id DESC);
CREATE INDEX audit_event_actor_idx ON audit_event (actor_id, id DESC);
CREATE INDEX audit_event_incident_idx ON audit_event (incident_id, id DESC)
    WHERE incident_id IS NOT NULL;

ALTER TABLE incident
    ADD COLUMN restricted boolean NOT NULL DEFAULT false,
    ADD COLUMN created_by uuid REFERENCES person (id);
CREATE INDEX incident_created_by_idx ON incident (created_by);
