-- The public status page. A service is shown there when it has a status_component row: the
-- name, description and group the public reads, its place in the list, and a state a
-- responder set by hand (NULL: the state follows the open public incidents).
--
-- What the public sees comes only from incidents that are not restricted and have at least
-- one public stakeholder update; internal updates, people and non-public services never
-- reach it.

CREATE TABLE status_component (
    service_id uuid PRIMARY KEY REFERENCES service (id) ON DELETE CASCADE,
    public_name text NOT NULL CHECK (char_length(public_name) BETWEEN 1 AND 100),
    description text NOT NULL DEFAULT '' CHECK (char_length(description) <= 500),
    group_name text NOT NULL DEFAULT '' CHECK (char_length(group_name) <= 100),
    position integer NOT NULL DEFAULT 0,
    override_state text CHECK (override_state IN ('operational', 'degraded_performance',
                                                  'partial_outage', 'major_outage',
                                                  'under_maintenance')),
    overridden_by uuid REFERENCES person (id),
    overridden_at timestamptz,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Incidents that have reached the public: the status page's lists start from here.
CREATE INDEX status_update_public_idx ON status_update (incident_id, published_at)
    WHERE audience = 'public';

-- Each instance keeps its status page (HTML and JSON) between requests. A change to
-- anything it shows is announced as 'status' on the cache channel (migration 0010) and
-- marks its own transaction, like the other copies' announcements (migration 0015), but
-- drops only the status page's copies.
CREATE FUNCTION murphy_status_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('murphy_cache', 'status');
    PERFORM set_config('murphy.status_changed', 'on', true);
    RETURN NULL;
END
$$;

CREATE TRIGGER status_component_status_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON status_component
    FOR EACH STATEMENT EXECUTE FUNCTION murphy_status_changed();
CREATE TRIGGER status_update_status_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON status_update
    FOR EACH STATEMENT EXECUTE FUNCTION murphy_status_changed();
CREATE TRIGGER incident_service_status_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON incident_service
    FOR EACH STATEMENT EXECUTE FUNCTION murphy_status_changed();
CREATE TRIGGER incident_status_created
    AFTER INSERT OR DELETE OR TRUNCATE ON incident
    FOR EACH STATEMENT EXECUTE FUNCTION murphy_status_changed();
-- Most updates of an incident row are its page version moving on: only what the status
-- page shows announces.
CREATE TRIGGER incident_status_changed AFTER UPDATE ON incident
    FOR EACH ROW WHEN (NEW.status <> OLD.status
                       OR NEW.severity <> OLD.severity
                       OR NEW.title <> OLD.title
                       OR NEW.restricted <> OLD.restricted
                       OR NEW.impact_started_at <> OLD.impact_started_at
                       OR NEW.mitigated_at IS DISTINCT FROM OLD.mitigated_at
                       OR NEW.resolved_at IS DISTINCT FROM OLD.resolved_at)
    EXECUTE FUNCTION murphy_status_changed();
