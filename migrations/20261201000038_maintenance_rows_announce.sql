-- The maintenance worker runs its two UPDATEs every ten seconds on every instance, and they
-- mostly move nothing. A statement trigger announces even then, so every instance dropped its
-- status page every ten seconds and read it again (hundreds of milliseconds at a million
-- incidents, with its readers waiting). Rows announce instead: only a window that changed.
DROP TRIGGER maintenance_status_changed ON maintenance;
CREATE TRIGGER maintenance_status_changed
    AFTER INSERT OR UPDATE OR DELETE ON maintenance
    FOR EACH ROW EXECUTE FUNCTION murphy_status_changed();
CREATE TRIGGER maintenance_status_truncated
    AFTER TRUNCATE ON maintenance
    FOR EACH STATEMENT EXECUTE FUNCTION murphy_status_changed();
