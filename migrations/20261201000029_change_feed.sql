-- The change feed (GET /api/v1/events): every audit event and every timeline entry written
-- or edited, in the order a follower can rely on. Each row keeps the id of the transaction
-- that wrote it; the feed shows only rows of transactions older than every one still
-- running, ordered by (xid, seq), so a row committed late is never passed over.
CREATE TABLE feed_event (
    seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    xid         xid8 NOT NULL DEFAULT pg_current_xact_id(),
    at          timestamptz NOT NULL DEFAULT now(),
    source      text NOT NULL CHECK (source IN ('audit', 'timeline')),
    source_id   uuid NOT NULL,
    incident_id uuid REFERENCES incident (id) ON DELETE CASCADE,
    change      text NOT NULL CHECK (change IN ('created', 'edited'))
);
CREATE INDEX feed_event_order_idx ON feed_event (xid, seq);
CREATE INDEX feed_event_at_idx ON feed_event (at);

CREATE FUNCTION feed_event_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO feed_event (source, source_id, incident_id, change)
    VALUES (TG_ARGV[0], NEW.id, NEW.incident_id,
            CASE WHEN TG_OP = 'INSERT' THEN 'created' ELSE 'edited' END);
    -- One notice per transaction (equal payloads are folded): followers look again.
    PERFORM pg_notify('murphy_feed', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER audit_event_feed AFTER INSERT ON audit_event
    FOR EACH ROW EXECUTE FUNCTION feed_event_record('audit');
CREATE TRIGGER timeline_entry_feed AFTER INSERT OR UPDATE ON timeline_entry
    FOR EACH ROW EXECUTE FUNCTION feed_event_record('timeline');
