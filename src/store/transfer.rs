//! `murphy export` and `murphy import`: every row as JSON, read and written by PostgreSQL
//! itself (`to_jsonb` and `jsonb_populate_record`), so that values — times to the
//! microsecond included — come back exactly as they left.
//!
//! One line per person (without password hashes), service, factor or trigger, runbook,
//! status page component, maintenance window (with its services and held alerts) and email
//! subscriber of the status page (webhook subscribers hold a secret and are left out), then
//! one line per incident holding its services, team, timeline (with note revisions),
//! stakeholder updates, tasks, post-mortem (with revisions, reviewers, comments and tags),
//! action items and the alerts it tracks.

use serde_json::Value;
use sqlx::{PgConnection, PgExecutor};
use uuid::Uuid;

/// Incidents per export query.
pub const BATCH: i64 = 500;

/// People, services and runbooks as JSON lines (`type` first), in a stable order.
pub async fn directory(db: &mut PgConnection) -> sqlx::Result<Vec<String>> {
    let mut lines = sqlx::query_scalar!(
        r#"SELECT jsonb_build_object('type', 'person', 'row', to_jsonb(p) - 'password_hash')::text
               AS "line!"
           FROM person p ORDER BY p.id"#
    )
    .fetch_all(&mut *db)
    .await?;
    lines.extend(
        sqlx::query_scalar!(
            r#"SELECT jsonb_build_object('type', 'service', 'row', to_jsonb(s))::text AS "line!"
               FROM service s ORDER BY s.id"#
        )
        .fetch_all(&mut *db)
        .await?,
    );
    lines.extend(
        sqlx::query_scalar!(
            r#"SELECT jsonb_build_object('type', 'learning_tag', 'row', to_jsonb(t))::text
                   AS "line!"
               FROM learning_tag t ORDER BY t.kind, t.id"#
        )
        .fetch_all(&mut *db)
        .await?,
    );
    lines.extend(
        sqlx::query_scalar!(
            r#"SELECT jsonb_build_object('type', 'postmortem_template', 'row', to_jsonb(t))::text
                   AS "line!"
               FROM postmortem_template t ORDER BY t.id"#
        )
        .fetch_all(&mut *db)
        .await?,
    );
    lines.extend(
        sqlx::query_scalar!(
            r#"SELECT jsonb_build_object('type', 'runbook', 'row', to_jsonb(r))::text AS "line!"
               FROM runbook r ORDER BY r.id"#
        )
        .fetch_all(&mut *db)
        .await?,
    );
    lines.extend(
        sqlx::query_scalar!(
            r#"SELECT jsonb_build_object('type', 'status_component', 'row', to_jsonb(c))::text
                   AS "line!"
               FROM status_component c ORDER BY c.service_id"#
        )
        .fetch_all(&mut *db)
        .await?,
    );
    lines.extend(
        sqlx::query_scalar!(
            r#"SELECT jsonb_build_object(
                   'type', 'maintenance', 'row', to_jsonb(m),
                   'services', coalesce((SELECT jsonb_agg(to_jsonb(s) ORDER BY s.service_id)
                                         FROM maintenance_service s
                                         WHERE s.maintenance_id = m.id), '[]'),
                   'alerts', coalesce((SELECT jsonb_agg(to_jsonb(a) ORDER BY a.id)
                                       FROM maintenance_alert a
                                       WHERE a.maintenance_id = m.id), '[]'))::text AS "line!"
               FROM maintenance m ORDER BY m.id"#
        )
        .fetch_all(&mut *db)
        .await?,
    );
    lines.extend(
        sqlx::query_scalar!(
            r#"SELECT jsonb_build_object('type', 'status_subscriber', 'row', to_jsonb(s))::text
                   AS "line!"
               FROM status_subscriber s WHERE s.kind = 'email' ORDER BY s.id"#
        )
        .fetch_all(&mut *db)
        .await?,
    );
    Ok(lines)
}

/// Up to [`BATCH`] incidents numbered above `after`, each as one JSON line with everything
/// that belongs to it: (number, line).
pub async fn incidents_after(
    db: impl PgExecutor<'_>,
    after: i64,
) -> sqlx::Result<Vec<(i64, String)>> {
    let rows = sqlx::query!(
        r#"SELECT i.number, jsonb_build_object(
             'type', 'incident',
             'row', to_jsonb(i) - 'search' - 'page_version',
             'services', coalesce((SELECT jsonb_agg(to_jsonb(x) ORDER BY x.service_id)
                                   FROM incident_service x WHERE x.incident_id = i.id), '[]'),
             'team', coalesce((SELECT jsonb_agg(to_jsonb(r) ORDER BY r.assumed_at, r.id)
                               FROM role_assignment r WHERE r.incident_id = i.id), '[]'),
             'timeline', coalesce((SELECT jsonb_agg(to_jsonb(e) ORDER BY e.occurred_at, e.id)
                                   FROM timeline_entry e WHERE e.incident_id = i.id), '[]'),
             'note_revisions', coalesce((SELECT jsonb_agg(to_jsonb(v) ORDER BY v.entry_id, v.version)
                                         FROM timeline_revision v
                                         JOIN timeline_entry e ON e.id = v.entry_id
                                         WHERE e.incident_id = i.id), '[]'),
             'updates', coalesce((SELECT jsonb_agg(to_jsonb(u) ORDER BY u.published_at, u.id)
                                  FROM status_update u WHERE u.incident_id = i.id), '[]'),
             'tasks', coalesce((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.position, t.id)
                                FROM task t WHERE t.incident_id = i.id), '[]'),
             'postmortem', (SELECT to_jsonb(p) - 'search' FROM postmortem p WHERE p.incident_id = i.id),
             'postmortem_revisions', coalesce((SELECT jsonb_agg(to_jsonb(v) ORDER BY v.revision)
                                               FROM postmortem_revision v
                                               JOIN postmortem p ON p.id = v.postmortem_id
                                               WHERE p.incident_id = i.id), '[]'),
             'reviewers', coalesce((SELECT jsonb_agg(to_jsonb(v) ORDER BY v.person_id)
                                    FROM postmortem_reviewer v
                                    JOIN postmortem p ON p.id = v.postmortem_id
                                    WHERE p.incident_id = i.id), '[]'),
             'comments', coalesce((SELECT jsonb_agg(to_jsonb(c) ORDER BY c.created_at, c.id)
                                   FROM postmortem_comment c
                                   JOIN postmortem p ON p.id = c.postmortem_id
                                   WHERE p.incident_id = i.id), '[]'),
             'postmortem_tags', coalesce((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.tag_id)
                                          FROM postmortem_tag t
                                          JOIN postmortem p ON p.id = t.postmortem_id
                                          WHERE p.incident_id = i.id), '[]'),
             'action_items', coalesce((SELECT jsonb_agg(to_jsonb(a) - 'incident_started_at'
                                                 ORDER BY a.created_at, a.id)
                                       FROM action_item a WHERE a.incident_id = i.id), '[]'),
             'alerts', coalesce((SELECT jsonb_agg(to_jsonb(l) ORDER BY l.first_seen_at, l.id)
                                 FROM alert l WHERE l.incident_id = i.id), '[]')
           )::text AS "line!"
           FROM incident i WHERE i.number > $1 ORDER BY i.number LIMIT $2"#,
        after,
        BATCH
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.number, r.line)).collect())
}

pub async fn incident_count(db: impl PgExecutor<'_>) -> sqlx::Result<i64> {
    sqlx::query_scalar!(r#"SELECT count(*) AS "n!" FROM incident"#)
        .fetch_one(db)
        .await
}

/// The id of the person with this email, if any.
pub async fn person_by_email(db: impl PgExecutor<'_>, email: &str) -> sqlx::Result<Option<Uuid>> {
    sqlx::query_scalar!(
        "SELECT id FROM person WHERE lower(email) = lower($1)",
        email
    )
    .fetch_optional(db)
    .await
}

/// The id of the service with this name, if any.
pub async fn service_by_name(db: impl PgExecutor<'_>, name: &str) -> sqlx::Result<Option<Uuid>> {
    sqlx::query_scalar!("SELECT id FROM service WHERE lower(name) = lower($1)", name)
        .fetch_optional(db)
        .await
}

/// The factor or trigger of this kind and name already here, if any.
pub async fn tag_by_name(
    db: impl PgExecutor<'_>,
    kind: &str,
    name: &str,
) -> sqlx::Result<Option<Uuid>> {
    sqlx::query_scalar!(
        "SELECT id FROM learning_tag WHERE kind = $1 AND lower(name) = lower($2)",
        kind,
        name
    )
    .fetch_optional(db)
    .await
}

/// Removes the factors and triggers no post-mortem carries.
pub async fn clear_unused_tags(tx: &mut PgConnection) -> sqlx::Result<()> {
    sqlx::query!(
        "DELETE FROM learning_tag t
         WHERE NOT EXISTS (SELECT 1 FROM postmortem_tag p WHERE p.tag_id = t.id)"
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Adds a post-mortem template unless one of its name is here.
pub async fn insert_template(tx: &mut PgConnection, row: &Value) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO postmortem_template
         SELECT * FROM jsonb_populate_record(NULL::postmortem_template, $1)
         ON CONFLICT DO NOTHING",
        row
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

pub async fn insert_tag(tx: &mut PgConnection, row: &Value) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO learning_tag SELECT * FROM jsonb_populate_record(NULL::learning_tag, $1)",
        row
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Adds a person who cannot sign in until given a password (`murphy user password`).
pub async fn insert_person(tx: &mut PgConnection, row: &Value) -> sqlx::Result<()> {
    sqlx::query!(
        r#"INSERT INTO person
           SELECT * FROM jsonb_populate_record(NULL::person, $1::jsonb || '{"password_hash": "!"}'::jsonb)"#,
        row
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

pub async fn insert_service(tx: &mut PgConnection, row: &Value) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO service SELECT * FROM jsonb_populate_record(NULL::service, $1)",
        row
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

pub async fn insert_runbook(tx: &mut PgConnection, row: &Value) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO runbook SELECT * FROM jsonb_populate_record(NULL::runbook, $1)",
        row
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Shows a service on the status page as exported, unless it is shown already.
pub async fn insert_status_component(tx: &mut PgConnection, row: &Value) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO status_component
         SELECT * FROM jsonb_populate_record(NULL::status_component, $1)
         ON CONFLICT (service_id) DO NOTHING",
        row
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Adds a maintenance window line: the window, its services and its held alerts.
pub async fn insert_maintenance(tx: &mut PgConnection, line: &Value) -> sqlx::Result<()> {
    let row = line.get("row").cloned().unwrap_or(Value::Null);
    sqlx::query!(
        "INSERT INTO maintenance SELECT * FROM jsonb_populate_record(NULL::maintenance, $1)",
        row
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO maintenance_service
         SELECT * FROM jsonb_populate_recordset(NULL::maintenance_service, $1)",
        list(line, "services")
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO maintenance_alert
         SELECT * FROM jsonb_populate_recordset(NULL::maintenance_alert, $1)",
        list(line, "alerts")
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Adds an email subscriber, unless the address is subscribed already.
pub async fn insert_subscriber(tx: &mut PgConnection, row: &Value) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO status_subscriber
         SELECT * FROM jsonb_populate_record(NULL::status_subscriber, $1)
         ON CONFLICT DO NOTHING",
        row
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

fn list<'a>(line: &'a Value, key: &str) -> &'a Value {
    static EMPTY: Value = Value::Array(Vec::new());
    line.get(key).filter(|v| v.is_array()).unwrap_or(&EMPTY)
}

/// Adds one incident line: the incident, then what belongs to it, parents first.
pub async fn insert_incident(tx: &mut PgConnection, line: &Value) -> sqlx::Result<()> {
    let row = line.get("row").cloned().unwrap_or(Value::Null);
    // Every column but the generated search vector.
    sqlx::query!(
        "INSERT INTO incident (id, number, title, summary, kind, severity, status,
                               customer_impact, source, impact_started_at, detected_at,
                               acknowledged_at, mitigated_at, resolved_at, closed_at, version,
                               created_at, updated_at, restricted, created_by, runbook_url,
                               service_names)
         SELECT id, number, title, summary, kind, severity, status, customer_impact, source,
                impact_started_at, detected_at, acknowledged_at, mitigated_at, resolved_at,
                closed_at, version, created_at, updated_at, restricted, created_by,
                coalesce(runbook_url, ''), coalesce(service_names, '{}')
         FROM jsonb_populate_record(NULL::incident, $1)",
        row
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO incident_service
         SELECT * FROM jsonb_populate_recordset(NULL::incident_service, $1)",
        list(line, "services")
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO role_assignment
         SELECT * FROM jsonb_populate_recordset(NULL::role_assignment, $1)",
        list(line, "team")
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO timeline_entry
         SELECT * FROM jsonb_populate_recordset(NULL::timeline_entry, $1)",
        list(line, "timeline")
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO timeline_revision
         SELECT * FROM jsonb_populate_recordset(NULL::timeline_revision, $1)",
        list(line, "note_revisions")
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO status_update
         SELECT * FROM jsonb_populate_recordset(NULL::status_update, $1)",
        list(line, "updates")
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO task SELECT * FROM jsonb_populate_recordset(NULL::task, $1)",
        list(line, "tasks")
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO alert SELECT * FROM jsonb_populate_recordset(NULL::alert, $1)",
        list(line, "alerts")
    )
    .execute(&mut *tx)
    .await?;
    if let Some(pm) = line.get("postmortem").filter(|v| v.is_object()) {
        sqlx::query!(
            "INSERT INTO postmortem (id, incident_id, state, sections, no_actions_reason, revision,
                                     created_by, created_at, updated_at, published_at, published_by,
                                     detection_source, classification_version, template,
                                     language)
             SELECT id, incident_id, state, sections, no_actions_reason, revision, created_by,
                    created_at, updated_at, published_at, published_by, detection_source,
                    coalesce(classification_version, 1), template, coalesce(language, 'en')
             FROM jsonb_populate_record(NULL::postmortem, $1)",
            pm
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query!(
            "INSERT INTO postmortem_revision
             SELECT * FROM jsonb_populate_recordset(NULL::postmortem_revision, $1)",
            list(line, "postmortem_revisions")
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query!(
            "INSERT INTO postmortem_reviewer
             SELECT * FROM jsonb_populate_recordset(NULL::postmortem_reviewer, $1)",
            list(line, "reviewers")
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query!(
            "INSERT INTO postmortem_comment
             SELECT * FROM jsonb_populate_recordset(NULL::postmortem_comment, $1)",
            list(line, "comments")
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query!(
            "INSERT INTO postmortem_tag
             SELECT * FROM jsonb_populate_recordset(NULL::postmortem_tag, $1)",
            list(line, "postmortem_tags")
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query!(
            "INSERT INTO action_item
             SELECT * FROM jsonb_populate_recordset(NULL::action_item, $1)",
            list(line, "action_items")
        )
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Continues incident numbers after the highest imported one.
pub async fn reset_number_sequence(tx: &mut PgConnection) -> sqlx::Result<()> {
    sqlx::query!(
        "SELECT setval('incident_number_seq', coalesce(max(number), 1), max(number) IS NOT NULL)
         FROM incident"
    )
    .fetch_one(&mut *tx)
    .await?;
    Ok(())
}
