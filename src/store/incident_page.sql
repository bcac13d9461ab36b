-- Everything the incident page shows beside the incident row, in one statement: the page
-- version these lists were read at, then one JSON list per part. $1 is the incident's id,
-- $2 the kind of timeline entries shown (NULL for all). store/incident_page.rs reads it
-- with query_file!, each list decoded into its row type.
SELECT i.page_version,
             coalesce((SELECT json_agg(r ORDER BY r.assumed_at, r.id) FROM (
                 SELECT r.id, r.role, r.under, r.person_id, r.assumed_at, r.relieved_at, r.note,
                        (SELECT display_name FROM person WHERE id = r.person_id) AS person_name,
                        (SELECT email FROM person WHERE id = r.person_id) AS person_email
                 FROM role_assignment r WHERE r.incident_id = i.id
                 ORDER BY r.assumed_at, r.id LIMIT 1000) r), '[]') AS "team!: Json<Vec<TeamRow>>",
             coalesce((SELECT json_agg(e ORDER BY e.occurred_at, e.id) FROM (
                 SELECT e.id, e.kind, e.occurred_at, e.recorded_at, e.author_id, e.body, e.detail,
                        e.highlighted, e.automated, e.version, e.edited_at,
                        (SELECT display_name FROM person WHERE id = e.author_id) AS author
                 FROM timeline_entry e
                 WHERE e.incident_id = i.id AND ($2::text IS NULL OR e.kind = $2)
                 ORDER BY e.occurred_at, e.id LIMIT 5000) e), '[]') AS "entries!: Json<Vec<EntryRow>>",
             coalesce((SELECT json_agg(a ORDER BY a.id DESC) FROM (
                 SELECT a.id, a.at, a.actor, a.action, a.entity, a.entity_id, a.summary, a.said,
                        a.before, a.after, i.number AS incident_number
                 FROM audit_event a WHERE a.incident_id = i.id
                 ORDER BY a.id DESC LIMIT 50) a), '[]') AS "events!: Json<Vec<EventRow>>",
             coalesce((SELECT json_agg(u ORDER BY u.published_at DESC, u.id DESC) FROM (
                 SELECT u.id, u.audience, u.status, u.impact, u.next_update_at, u.published_at,
                        (SELECT display_name FROM person WHERE id = u.author_id) AS author
                 FROM status_update u
                 WHERE u.incident_id = i.id ORDER BY u.published_at DESC, u.id DESC LIMIT 200) u),
               '[]') AS "updates!: Json<Vec<UpdateRow>>",
             coalesce((SELECT json_agg(t ORDER BY t.position, t.created_at) FROM (
                 SELECT t.id, t.title, t.assignee_id, t.done, t.done_at, t.position, t.created_at,
                        (SELECT display_name FROM person WHERE id = t.assignee_id) AS assignee,
                        (SELECT email FROM person WHERE id = t.assignee_id) AS assignee_email,
                        (SELECT title FROM runbook WHERE id = t.runbook_id) AS runbook
                 FROM task t
                 WHERE t.incident_id = i.id ORDER BY t.position, t.created_at LIMIT 1000) t),
               '[]') AS "tasks!: Json<Vec<TaskRow>>",
             coalesce((SELECT json_agg(a ORDER BY lower(a.name)) FROM (
                 SELECT s.id AS service_id, s.name, x.impact, s.slo_target, s.slo_window_days
                 FROM incident_service x JOIN service s ON s.id = x.service_id
                 WHERE x.incident_id = i.id) a),
               '[]') AS "affected!: Json<Vec<AffectedRow>>",
             coalesce((SELECT json_agg(a ORDER BY a.resolved, a.starts_at, a.id) FROM (
                 SELECT id, name, fingerprint, status, source,
                        coalesce(annotations->>'summary', '') AS summary,
                        starts_at, ends_at, generator_url, status = 'resolved' AS resolved
                 FROM alert WHERE incident_id = i.id
                 ORDER BY status = 'resolved', starts_at, id LIMIT 200) a),
               '[]') AS "alerts!: Json<Vec<AlertRow>>",
             (SELECT state FROM postmortem WHERE incident_id = i.id) AS "postmortem?: PmState",
             (SELECT detection_source FROM postmortem WHERE incident_id = i.id) AS "postmortem_detection?",
             (SELECT reason FROM postmortem_waiver WHERE incident_id = i.id) AS "postmortem_waived?"
           FROM incident i WHERE i.id = $1
