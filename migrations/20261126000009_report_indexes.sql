-- Reports read a period of incidents by impact start. This index answers the parts that
-- need only these columns (action items, missing post-mortems) without visiting the table.
CREATE INDEX incident_scope_idx ON incident (impact_started_at)
    INCLUDE (id, number, severity, kind, status, restricted, created_by);
