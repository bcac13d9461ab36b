-- Signing in through the company's identity provider (OpenID Connect).

-- A person's identity at a provider: its issuer and subject (`sub`).
CREATE TABLE person_identity (
    issuer text NOT NULL,
    subject text NOT NULL,
    person_id uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    linked_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX person_identity_person_idx ON person_identity (person_id);

-- An admin set this person's role by hand and pinned it: sign-ins leave it as it is.
ALTER TABLE person ADD COLUMN role_pinned boolean NOT NULL DEFAULT false;

-- Sign-ins under way: the SHA-256 of the redirect's `state`, the PKCE verifier, the
-- nonce and where to go after. Used once, within ten minutes.
CREATE TABLE oidc_login (
    state_digest bytea PRIMARY KEY,
    pkce_verifier text NOT NULL,
    nonce text NOT NULL,
    next text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- The latest sign-in attempts through the provider, for the admins' /admin/sso: what was
-- decided, why, and the claims it was decided on.
CREATE TABLE sso_attempt (
    id uuid PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    ok boolean NOT NULL,
    reason text NOT NULL,
    email text NOT NULL DEFAULT '',
    claims jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX sso_attempt_at_idx ON sso_attempt (at DESC);

-- A session begun at the provider: its session id there (`sid`, for back-channel logout)
-- and the ID token (the hint of RP-initiated logout).
ALTER TABLE session ADD COLUMN sso_sid text, ADD COLUMN id_token text;
CREATE INDEX session_sso_sid_idx ON session (sso_sid) WHERE sso_sid IS NOT NULL;
