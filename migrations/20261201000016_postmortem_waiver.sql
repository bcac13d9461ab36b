-- A closed incident either has a post-mortem or a recorded decision that it needs none,
-- with the reason (asked for when the incident is closed).
CREATE TABLE postmortem_waiver (
    incident_id  uuid PRIMARY KEY REFERENCES incident (id) ON DELETE CASCADE,
    reason       text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 2000),
    decided_by   uuid REFERENCES person (id),
    decided_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TRIGGER postmortem_waiver_page_inserted AFTER INSERT ON postmortem_waiver
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION incident_page_changed();
CREATE TRIGGER postmortem_waiver_page_updated AFTER UPDATE ON postmortem_waiver
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION incident_page_changed();
CREATE TRIGGER postmortem_waiver_page_deleted AFTER DELETE ON postmortem_waiver
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION incident_page_changed();
