-- Scheduled maintenance: a window announced ahead of time on the status page, during which
-- its services show "under maintenance". A worker moves it scheduled → in progress →
-- completed as its times pass (any instance; each move is one conditional UPDATE, so two
-- instances never both make it). A responder may cancel one that has not started or end
-- one early.

CREATE TABLE maintenance (
    id uuid PRIMARY KEY,
    title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    body text NOT NULL DEFAULT '' CHECK (char_length(body) <= 5000),
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL,
    state text NOT NULL DEFAULT 'scheduled'
        CHECK (state IN ('scheduled', 'in_progress', 'completed', 'cancelled')),
    started_at timestamptz,
    completed_at timestamptz,
    created_by uuid REFERENCES person (id),
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at)
);

CREATE TABLE maintenance_service (
    maintenance_id uuid NOT NULL REFERENCES maintenance (id) ON DELETE CASCADE,
    service_id uuid NOT NULL REFERENCES service (id) ON DELETE CASCADE,
    PRIMARY KEY (maintenance_id, service_id)
);
CREATE INDEX maintenance_service_service_idx ON maintenance_service (service_id);

-- The windows still to come or under way, for the status page and the worker.
CREATE INDEX maintenance_pending_idx ON maintenance (starts_at)
    WHERE state IN ('scheduled', 'in_progress');
-- Every window, newest first, for the list.
CREATE INDEX maintenance_starts_idx ON maintenance (starts_at DESC, id);

CREATE TRIGGER maintenance_status_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON maintenance
    FOR EACH STATEMENT EXECUTE FUNCTION murphy_status_changed();
CREATE TRIGGER maintenance_service_status_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON maintenance_service
    FOR EACH STATEMENT EXECUTE FUNCTION murphy_status_changed();
