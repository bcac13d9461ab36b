-- The incident page's lists (team, timeline, history, updates, tasks, services, alerts, the
-- post-mortem's state) are kept by each Murphy instance between page views. page_version
-- says whether a kept copy is current: every statement that writes one of those lists moves
-- it on for the incidents it touched, in the writing transaction, so a page view that reads
-- the incident row also learns, in the same snapshot, whether its copy still holds.
--
-- Bulk loads of new incidents (demo data, import into an empty database) set
-- murphy.bulk_load = 'on' for their session: nothing can have been kept for those incidents.

ALTER TABLE incident ADD COLUMN page_version bigint NOT NULL DEFAULT 0;

CREATE FUNCTION incident_page_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('murphy.bulk_load', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        UPDATE incident SET page_version = page_version + 1
        WHERE id IN (SELECT incident_id FROM old_rows);
    ELSE
        UPDATE incident SET page_version = page_version + 1
        WHERE id IN (SELECT incident_id FROM new_rows);
    END IF;
    RETURN NULL;
END
$$;

-- One trigger per event: a trigger with transition tables serves a single event. An update
-- that moves a row to another incident does not happen (incident_id never changes).
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['role_assignment', 'timeline_entry', 'status_update', 'task',
                             'incident_service', 'alert', 'postmortem', 'audit_event']
    LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION incident_page_changed()',
                       t || '_page_inserted', t);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS new_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION incident_page_changed()',
                       t || '_page_updated', t);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION incident_page_changed()',
                       t || '_page_deleted', t);
    END LOOP;
END
$$;

-- Task rows show their runbook's title; runbooks change rarely, so any change drops every
-- kept page through the cache channel, like people's names and services.
CREATE TRIGGER runbook_cache_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON runbook
    FOR EACH STATEMENT EXECUTE FUNCTION murphy_cache_changed();
