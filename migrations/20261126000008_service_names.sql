-- Each incident keeps the names of its services (sorted as shown), so that lists, exports and
-- the incident page read them with the row instead of joining per incident. Written with the
-- incident's services, and rewritten for an incident's rows when a service is renamed.
ALTER TABLE incident ADD COLUMN service_names text[] NOT NULL DEFAULT '{}';
UPDATE incident i SET service_names = ARRAY(
    SELECT s.name FROM incident_service x JOIN service s ON s.id = x.service_id
    WHERE x.incident_id = i.id ORDER BY lower(s.name));
