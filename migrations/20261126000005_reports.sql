-- Reports, service level objectives, and one definition of who may see an incident.

-- An availability objective: `slo_target` percent of the last `slo_window_days` days.
ALTER TABLE service
    ADD COLUMN slo_target double precision CHECK (slo_target > 0 AND slo_target < 100),
    ADD COLUMN slo_window_days integer CHECK (slo_window_days BETWEEN 1 AND 366),
    ADD CONSTRAINT service_slo_complete CHECK ((slo_target IS NULL) = (slo_window_days IS NULL));

-- How hard an incident hit each service it affected: full impact consumes error budget
-- minute for minute, partial impact at half weight.
ALTER TABLE incident_service
    ADD COLUMN impact text NOT NULL DEFAULT 'full' CHECK (impact IN ('full', 'partial'));

-- When an incident's impact ended (mitigated, else resolved; still going: infinity). Error
-- budgets look for impact windows that end inside an SLO window.
CREATE INDEX incident_impact_end_idx ON incident
    ((coalesce(mitigated_at, resolved_at, 'infinity'::timestamptz)));

-- The incidents a viewer may see: all of them for admins (`viewer_all`); otherwise every
-- unrestricted incident, and a restricted one only for whoever filed it and anyone ever on
-- its response team. A set-returning SQL function, so the planner inlines it into each
-- query and the indexes on incident still apply. Every query that lists or reads incidents
-- for a person goes through it.
CREATE FUNCTION visible_incident(viewer_all boolean, viewer uuid) RETURNS SETOF incident
LANGUAGE sql STABLE AS $$
    SELECT * FROM incident i
    WHERE viewer_all OR NOT i.restricted OR i.created_by = viewer
       OR EXISTS (SELECT 1 FROM role_assignment r
                  WHERE r.incident_id = i.id AND r.person_id = viewer)
$$;
CREATE INDEX action_item_incident_idx ON action_item (incident_id);
