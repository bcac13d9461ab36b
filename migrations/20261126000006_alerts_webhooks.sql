-- Alerts in (Alertmanager, Grafana), webhooks out, and idempotent API requests.

-- A link to the runbook an alert named.
ALTER TABLE incident
    ADD COLUMN runbook_url text NOT NULL DEFAULT '' CHECK (char_length(runbook_url) <= 2000);

-- Each alert an incident tracks, by its monitoring system's fingerprint. An alert that fires
-- again while its incident is open attaches to it; once the incident is resolved, a new
-- firing opens a new incident.
CREATE TABLE alert (
    id            uuid PRIMARY KEY,
    incident_id   uuid NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
    source        text NOT NULL CHECK (source IN ('alertmanager', 'grafana')),
    fingerprint   text NOT NULL CHECK (char_length(fingerprint) BETWEEN 1 AND 200),
    name          text NOT NULL DEFAULT '' CHECK (char_length(name) <= 500),
    status        text NOT NULL CHECK (status IN ('firing', 'resolved')),
    labels        jsonb NOT NULL,
    annotations   jsonb NOT NULL,
    starts_at     timestamptz NOT NULL,
    ends_at       timestamptz,
    generator_url text NOT NULL DEFAULT '' CHECK (char_length(generator_url) <= 2000),
    first_seen_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (incident_id, fingerprint)
);
CREATE INDEX alert_fingerprint_idx ON alert (fingerprint);

-- Every notification received, by the SHA-256 of its body: the same one delivered twice
-- is recognised and changes nothing.
CREATE TABLE alert_notification (
    digest      bytea PRIMARY KEY,
    source      text NOT NULL CHECK (source IN ('alertmanager', 'grafana')),
    received_at timestamptz NOT NULL DEFAULT now(),
    alerts      integer NOT NULL,
    outcome     text NOT NULL
);
CREATE INDEX alert_notification_received_idx ON alert_notification (received_at DESC);

-- The `severity` label's values and the level each files at; `*` is everything else.
CREATE TABLE severity_mapping (
    label_value text PRIMARY KEY
                CHECK (label_value = lower(label_value) AND char_length(label_value) BETWEEN 1 AND 100),
    severity    text NOT NULL CHECK (severity IN ('SEV1', 'SEV2', 'SEV3', 'SEV4'))
);
INSERT INTO severity_mapping (label_value, severity) VALUES
    ('critical', 'SEV1'), ('page', 'SEV1'), ('high', 'SEV2'), ('error', 'SEV2'),
    ('major', 'SEV2'), ('warning', 'SEV3'), ('minor', 'SEV3'), ('info', 'SEV4'),
    ('low', 'SEV4'), ('*', 'SEV3');

-- Routing rules, tried in position order; the first whose matchers all hold decides.
CREATE TABLE alert_route (
    id         uuid PRIMARY KEY,
    position   integer NOT NULL,
    name       text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    -- [{"label": "env", "op": "=", "value": "staging"}, ...]; op is =, !=, =~ or !~.
    matchers   jsonb NOT NULL,
    action     text NOT NULL CHECK (action IN ('open', 'ignore')),
    -- For `open`: the kind to file as (else the `kind` label, else outage).
    kind       text CHECK (kind IN ('outage', 'degradation', 'security', 'ddos',
                   'traffic_surge', 'deploy_failure', 'data_loss', 'other')),
    version    integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_route_position_idx ON alert_route (position, id);

CREATE TABLE webhook (
    id         uuid PRIMARY KEY,
    name       text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    url        text NOT NULL CHECK (char_length(url) BETWEEN 8 AND 2000),
    -- Signs each body (HMAC-SHA256); shown once, when the webhook is added.
    secret     text NOT NULL,
    events     text[] NOT NULL,
    format     text NOT NULL DEFAULT 'murphy' CHECK (format IN ('murphy', 'slack')),
    active     boolean NOT NULL DEFAULT true,
    version    integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- The outbox: written in the transaction of the change it reports, delivered by whichever
-- instance claims it first, retried with backoff.
CREATE TABLE webhook_delivery (
    id              uuid PRIMARY KEY,
    webhook_id      uuid NOT NULL REFERENCES webhook (id) ON DELETE CASCADE,
    event           text NOT NULL,
    payload         jsonb NOT NULL,
    state           text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    -- A claim: another instance leaves it alone until then.
    locked_until    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz
);
CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_delivery_failed_idx ON webhook_delivery (webhook_id) WHERE state = 'failed';
CREATE INDEX webhook_delivery_finished_idx ON webhook_delivery (finished_at) WHERE state = 'delivered';
CREATE INDEX webhook_delivery_webhook_idx ON webhook_delivery (webhook_id, created_at DESC, id);

CREATE TABLE webhook_attempt (
    id           uuid PRIMARY KEY,
    delivery_id  uuid NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
    attempted_at timestamptz NOT NULL DEFAULT now(),
    status_code  integer,
    -- The start of the response body.
    response     text NOT NULL DEFAULT '',
    error        text NOT NULL DEFAULT '',
    duration_ms  integer NOT NULL
);
CREATE INDEX webhook_attempt_delivery_idx ON webhook_attempt (delivery_id, attempted_at);

-- `Idempotency-Key` on POST /api/v1/incidents: the first response is kept for a day and
-- replayed for the same key and body.
CREATE TABLE idempotency_key (
    person_id      uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    key            text NOT NULL CHECK (char_length(key) BETWEEN 1 AND 255),
    request_digest bytea NOT NULL,
    status         integer NOT NULL,
    response       jsonb NOT NULL,
    location       text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (person_id, key)
);
CREATE INDEX idempotency_key_created_idx ON idempotency_key (created_at);
