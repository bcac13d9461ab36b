-- Demo data loaded in bulk (murphy.bulk_load = 'on', see migration 0011) is not news: it
-- stays out of the change feed, which would otherwise hold a row per demo timeline entry.
CREATE OR REPLACE FUNCTION feed_event_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('murphy.bulk_load', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    INSERT INTO feed_event (source, source_id, incident_id, change)
    VALUES (TG_ARGV[0], NEW.id, NEW.incident_id,
            CASE WHEN TG_OP = 'INSERT' THEN 'created' ELSE 'edited' END);
    -- One notice per transaction (equal payloads are folded): followers look again.
    PERFORM pg_notify('murphy_feed', '');
    RETURN NULL;
END
$$;
