-- Reports count action items and unpublished post-mortems over a period's incidents. These
-- indexes hold the columns those counts read, so both tables are read from narrow indexes
-- instead of their wide rows (titles, post-mortem sections).
CREATE INDEX action_item_report_idx ON action_item (incident_id) INCLUDE (status, due_on);
DROP INDEX action_item_incident_idx;
CREATE INDEX postmortem_report_idx ON postmortem (incident_id) INCLUDE (state);
