-- Each Murphy instance keeps short-lived copies of sessions, API tokens, the active people
-- and the service names. Any change that could make such a copy wrong is announced on the
-- murphy_cache channel in the changing transaction, and every instance listening drops its
-- copies when the transaction commits. Refreshing a session's or token's last use (every
-- minute while it is used) changes nothing a copy relies on and announces nothing.

CREATE FUNCTION murphy_cache_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('murphy_cache', TG_TABLE_NAME);
    RETURN NULL;
END
$$;

CREATE TRIGGER session_cache_deleted AFTER DELETE ON session
    FOR EACH STATEMENT EXECUTE FUNCTION murphy_cache_changed();
CREATE TRIGGER session_cache_changed AFTER UPDATE ON session
    FOR EACH ROW WHEN (NEW.expires_at < OLD.expires_at
                       OR NEW.last_seen_at < OLD.last_seen_at
                       OR NEW.person_id <> OLD.person_id
                       OR NEW.csrf_token <> OLD.csrf_token
                       OR NEW.id_hash <> OLD.id_hash)
    EXECUTE FUNCTION murphy_cache_changed();

CREATE TRIGGER api_token_cache_deleted AFTER DELETE ON api_token
    FOR EACH STATEMENT EXECUTE FUNCTION murphy_cache_changed();
CREATE TRIGGER api_token_cache_changed AFTER UPDATE ON api_token
    FOR EACH ROW WHEN (NEW.revoked_at IS DISTINCT FROM OLD.revoked_at
                       OR NEW.person_id <> OLD.person_id
                       OR NEW.token_hash <> OLD.token_hash)
    EXECUTE FUNCTION murphy_cache_changed();

CREATE TRIGGER person_cache_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON person
    FOR EACH STATEMENT EXECUTE FUNCTION murphy_cache_changed();
CREATE TRIGGER service_cache_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON service
    FOR EACH STATEMENT EXECUTE FUNCTION murphy_cache_changed();
