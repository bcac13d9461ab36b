-- The home page keeps each viewer's list of required post-mortems due (web::copies): a
-- change that can move an incident on or off that list is announced like the other copied
-- tables (migration 0010), so no instance shows a list older than the change.
CREATE TRIGGER postmortem_due_created AFTER INSERT ON postmortem
    FOR EACH STATEMENT EXECUTE FUNCTION murphy_cache_changed();
CREATE TRIGGER postmortem_due_changed AFTER UPDATE ON postmortem
    FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state
                       OR OLD.detection_source IS DISTINCT FROM NEW.detection_source)
    EXECUTE FUNCTION murphy_cache_changed();
CREATE TRIGGER postmortem_waiver_due_changed AFTER INSERT OR DELETE ON postmortem_waiver
    FOR EACH STATEMENT EXECUTE FUNCTION murphy_cache_changed();
CREATE TRIGGER incident_due_changed AFTER UPDATE ON incident
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
                       OR OLD.severity IS DISTINCT FROM NEW.severity
                       OR OLD.kind IS DISTINCT FROM NEW.kind
                       OR OLD.resolved_at IS DISTINCT FROM NEW.resolved_at
                       OR OLD.mitigated_at IS DISTINCT FROM NEW.mitigated_at
                       OR OLD.impact_started_at IS DISTINCT FROM NEW.impact_started_at
                       OR OLD.restricted IS DISTINCT FROM NEW.restricted)
    EXECUTE FUNCTION murphy_cache_changed();
