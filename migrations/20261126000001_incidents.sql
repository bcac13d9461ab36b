-- Services and incidents: the walking skeleton.

CREATE TABLE service (
    id          uuid PRIMARY KEY,
    name        text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    description text NOT NULL DEFAULT '' CHECK (char_length(description) <= 2000),
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX service_name_key ON service (lower(name));

CREATE SEQUENCE incident_number_seq;

CREATE TABLE incident (
    id                uuid PRIMARY KEY,
    number            bigint NOT NULL DEFAULT nextval('incident_number_seq'),
    title             text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    summary           text NOT NULL DEFAULT '',
    kind              text NOT NULL CHECK (kind IN ('outage', 'degradation', 'security', 'ddos',
                          'traffic_surge', 'deploy_failure', 'data_loss', 'other')),
    severity          text NOT NULL CHECK (severity IN ('SEV1', 'SEV2', 'SEV3', 'SEV4')),
    status            text NOT NULL DEFAULT 'investigating' CHECK (status IN ('investigating',
                          'identified', 'monitoring', 'resolved', 'closed')),
    customer_impact   text NOT NULL DEFAULT '',
    source            text NOT NULL CHECK (source IN ('form', 'api', 'alertmanager', 'grafana')),
    impact_started_at timestamptz NOT NULL,
    detected_at       timestamptz,
    acknowledged_at   timestamptz,
    mitigated_at      timestamptz,
    resolved_at       timestamptz,
    closed_at         timestamptz,
    version           integer NOT NULL DEFAULT 1,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    search            tsvector GENERATED ALWAYS AS (
                          setweight(to_tsvector('english', title), 'A') ||
                          setweight(to_tsvector('english', summary), 'B')) STORED
);
ALTER SEQUENCE incident_number_seq OWNED BY incident.number;

-- The list is newest first with keyset pagination on number; each filter has an index that
-- serves that order.
CREATE UNIQUE INDEX incident_number_key ON incident (number DESC);
CREATE INDEX incident_status_idx ON incident (status, number DESC);
CREATE INDEX incident_severity_idx ON incident (severity, number DESC);
CREATE INDEX incident_kind_idx ON incident (kind, number DESC);
CREATE INDEX incident_open_idx ON incident (number DESC)
    WHERE status IN ('investigating', 'identified', 'monitoring');
CREATE INDEX incident_impact_started_idx ON incident (impact_started_at);
CREATE INDEX incident_search_idx ON incident USING gin (search);

CREATE TABLE incident_service (
    incident_id uuid NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
    service_id  uuid NOT NULL REFERENCES service (id),
    PRIMARY KEY (incident_id, service_id)
);
CREATE INDEX incident_service_service_idx ON incident_service (service_id, incident_id);
