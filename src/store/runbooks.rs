//! Runbooks and response tasks.

use crate::i18n::Message;
use sqlx::{PgConnection, PgExecutor};
use uuid::Uuid;

use crate::domain::ids::{IncidentId, PersonId, ServiceId};
use crate::domain::incident::Kind;
use crate::domain::runbook::{Runbook, RunbookFields, Task, steps};
use crate::domain::validation::FieldErrors;

struct RunbookRow {
    id: Uuid,
    title: String,
    kind: Option<Kind>,
    service_id: Option<ServiceId>,
    service: Option<String>,
    steps: String,
    version: i32,
}

impl From<RunbookRow> for Runbook {
    fn from(r: RunbookRow) -> Self {
        Runbook {
            id: r.id,
            title: r.title,
            kind: r.kind,
            service_id: r.service_id,
            service: r.service,
            steps: r.steps,
            version: r.version,
        }
    }
}

pub async fn list(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<Runbook>> {
    let rows = sqlx::query_as!(
        RunbookRow,
        r#"SELECT r.id, r.title, r.kind AS "kind: Kind", r.service_id AS "service_id: ServiceId", s.name AS "service?", r.steps, r.version
           FROM runbook r LEFT JOIN service s ON s.id = r.service_id
           ORDER BY lower(r.title), r.id LIMIT 1000"#
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// Locks the runbook's row until the transaction ends; `false` when there is none.
pub async fn lock(tx: &mut PgConnection, id: Uuid) -> sqlx::Result<bool> {
    let found = sqlx::query_scalar!("SELECT id FROM runbook WHERE id = $1 FOR UPDATE", id)
        .fetch_optional(&mut *tx)
        .await?;
    Ok(found.is_some())
}

pub async fn get(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<Option<Runbook>> {
    let row = sqlx::query_as!(
        RunbookRow,
        r#"SELECT r.id, r.title, r.kind AS "kind: Kind", r.service_id AS "service_id: ServiceId", s.name AS "service?", r.steps, r.version
           FROM runbook r LEFT JOIN service s ON s.id = r.service_id WHERE r.id = $1"#,
        id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(Into::into))
}

async fn service_id(
    db: &mut PgConnection,
    name: Option<&str>,
) -> sqlx::Result<Result<Option<Uuid>, FieldErrors>> {
    let Some(name) = name else {
        return Ok(Ok(None));
    };
    let id = sqlx::query_scalar!("SELECT id FROM service WHERE lower(name) = lower($1)", name)
        .fetch_optional(&mut *db)
        .await?;
    Ok(match id {
        Some(id) => Ok(Some(id)),
        None => Err(FieldErrors::one_said(
            "service",
            Message::new("val-no-service-named").with("names", name),
        )),
    })
}

/// Saves a new runbook (`id` None) or a new version of one; `Ok(Ok(None))` when the version
/// is stale.
pub async fn save(
    db: &mut PgConnection,
    id: Option<(Uuid, i32)>,
    fields: &RunbookFields,
) -> sqlx::Result<Result<Option<Uuid>, FieldErrors>> {
    let service = match service_id(db, fields.service.as_deref()).await? {
        Ok(s) => s,
        Err(errors) => return Ok(Err(errors)),
    };
    let kind = fields.kind.map(Kind::as_str);
    let saved = match id {
        None => Some(
            sqlx::query_scalar!(
                "INSERT INTO runbook (id, title, kind, service_id, steps) VALUES ($1, $2, $3, $4, $5)
                 RETURNING id",
                Uuid::now_v7(),
                fields.title,
                kind,
                service,
                fields.steps
            )
            .fetch_one(&mut *db)
            .await?,
        ),
        Some((id, version)) => {
            sqlx::query_scalar!(
                "UPDATE runbook SET title = $3, kind = $4, service_id = $5, steps = $6,
                        version = version + 1, updated_at = now()
                 WHERE id = $1 AND version = $2 RETURNING id",
                id,
                version,
                fields.title,
                kind,
                service,
                fields.steps
            )
            .fetch_optional(&mut *db)
            .await?
        }
    };
    Ok(Ok(saved))
}

pub async fn delete(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<bool> {
    let done = sqlx::query!("DELETE FROM runbook WHERE id = $1", id)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Attaches the steps of every runbook for the incident's kind or one of its services as
/// tasks; returns (runbook title, number of steps) for each.
pub async fn attach(
    tx: &mut PgConnection,
    incident_id: IncidentId,
    kind: Kind,
) -> sqlx::Result<Vec<(String, usize)>> {
    let matching = sqlx::query!(
        r#"SELECT r.id, r.title, r.steps FROM runbook r
           WHERE r.kind = $2
              OR r.service_id IN (SELECT service_id FROM incident_service WHERE incident_id = $1)
           ORDER BY r.kind NULLS LAST, lower(r.title)"#,
        incident_id as IncidentId,
        kind.as_str()
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut attached = Vec::new();
    let (mut ids, mut titles, mut runbooks, mut positions) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for runbook in matching {
        let list = steps(&runbook.steps);
        attached.push((runbook.title.clone(), list.len()));
        for step in list {
            ids.push(Uuid::now_v7());
            positions.push(positions.len() as i32);
            titles.push(step);
            runbooks.push(runbook.id);
        }
    }
    if !ids.is_empty() {
        sqlx::query!(
            "INSERT INTO task (id, incident_id, title, runbook_id, position)
             SELECT id, $1, title, runbook, position
             FROM unnest($2::uuid[], $3::text[], $4::uuid[], $5::int[]) AS t(id, title, runbook, position)",
            incident_id as IncidentId,
            &ids,
            &titles,
            &runbooks,
            &positions
        )
        .execute(&mut *tx)
        .await?;
    }
    Ok(attached)
}

/// The incident's tasks in order.
pub async fn tasks(db: impl PgExecutor<'_>, incident_id: IncidentId) -> sqlx::Result<Vec<Task>> {
    sqlx::query_as!(
        Task,
        r#"SELECT t.id, t.title, t.assignee_id AS "assignee_id: PersonId", p.display_name AS "assignee?", p.email AS "assignee_email?", t.done, t.done_at,
                  r.title AS "runbook?"
           FROM task t LEFT JOIN person p ON p.id = t.assignee_id
                       LEFT JOIN runbook r ON r.id = t.runbook_id
           WHERE t.incident_id = $1 ORDER BY t.position, t.created_at LIMIT 1000"#,
        incident_id as IncidentId
    )
    .fetch_all(db)
    .await
}

pub async fn add_task(
    tx: &mut PgConnection,
    incident_id: IncidentId,
    title: &str,
    assignee: Option<PersonId>,
) -> sqlx::Result<Uuid> {
    let id = Uuid::now_v7();
    sqlx::query!(
        "INSERT INTO task (id, incident_id, title, assignee_id, position)
         VALUES ($1, $2, $3, $4,
                 (SELECT coalesce(max(position) + 1, 0) FROM task WHERE incident_id = $2))",
        id,
        incident_id as IncidentId,
        title,
        assignee as Option<PersonId>
    )
    .execute(&mut *tx)
    .await?;
    Ok(id)
}

/// Marks a task done or not; returns its title when it changed.
pub async fn set_done(
    tx: &mut PgConnection,
    incident_id: IncidentId,
    id: Uuid,
    done: bool,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar!(
        "UPDATE task SET done = $3, done_at = CASE WHEN $3 THEN now() END
         WHERE id = $1 AND incident_id = $2 AND done <> $3 RETURNING title",
        id,
        incident_id as IncidentId,
        done
    )
    .fetch_optional(&mut *tx)
    .await
}

/// Gives the task to `assignee` (or nobody); returns its title, or `None` when the incident
/// has no such task.
pub async fn set_assignee(
    tx: &mut PgConnection,
    incident_id: IncidentId,
    id: Uuid,
    assignee: Option<PersonId>,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar!(
        "UPDATE task SET assignee_id = $3 WHERE id = $1 AND incident_id = $2 RETURNING title",
        id,
        incident_id as IncidentId,
        assignee as Option<PersonId>
    )
    .fetch_optional(&mut *tx)
    .await
}
