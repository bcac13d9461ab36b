-- Reports count the action items of a period's incidents. Each action item keeps its
-- incident's impact start, so that count reads one narrow range of an index instead of
-- joining every action item to every incident of the period. Triggers keep the copy right:
-- an action item takes its incident's impact start when written, and an incident whose
-- impact start moves takes its action items along, in the same transaction.

ALTER TABLE action_item ADD COLUMN incident_started_at timestamptz;
UPDATE action_item a SET incident_started_at = i.impact_started_at
FROM incident i WHERE i.id = a.incident_id;
ALTER TABLE action_item ALTER COLUMN incident_started_at SET NOT NULL;

CREATE FUNCTION action_item_incident_start() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.incident_started_at := (SELECT impact_started_at FROM incident WHERE id = NEW.incident_id);
    RETURN NEW;
END
$$;
CREATE TRIGGER action_item_incident_start BEFORE INSERT OR UPDATE OF incident_id ON action_item
    FOR EACH ROW EXECUTE FUNCTION action_item_incident_start();

CREATE FUNCTION incident_start_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE action_item SET incident_started_at = NEW.impact_started_at
    WHERE incident_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER incident_start_moved AFTER UPDATE OF impact_started_at ON incident
    FOR EACH ROW WHEN (OLD.impact_started_at IS DISTINCT FROM NEW.impact_started_at)
    EXECUTE FUNCTION incident_start_moved();

CREATE INDEX action_item_started_idx ON action_item (incident_started_at)
    INCLUDE (incident_id, status, due_on);
