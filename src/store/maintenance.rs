//! Maintenance windows and the services they cover.

use crate::i18n::Message;
use sqlx::{PgConnection, PgExecutor};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::domain::ids::{PersonId, ServiceId};
use crate::domain::maintenance::{Maintenance, MaintenanceFields, MaintenanceState};
use crate::domain::validation::FieldErrors;

/// A window as its statements read it: the services as two arrays in name order.
#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    title: String,
    body: String,
    starts_at: OffsetDateTime,
    ends_at: OffsetDateTime,
    state: String,
    started_at: Option<OffsetDateTime>,
    completed_at: Option<OffsetDateTime>,
    service_ids: Vec<Uuid>,
    service_names: Vec<String>,
    version: i32,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
}

impl From<Row> for Maintenance {
    fn from(r: Row) -> Self {
        Maintenance {
            id: r.id,
            title: r.title,
            body: r.body,
            starts_at: r.starts_at,
            ends_at: r.ends_at,
            state: MaintenanceState::parse(&r.state).unwrap_or(MaintenanceState::Cancelled),
            started_at: r.started_at,
            completed_at: r.completed_at,
            services: r
                .service_ids
                .into_iter()
                .map(ServiceId)
                .zip(r.service_names)
                .collect(),
            version: r.version,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

const SELECT: &str = "SELECT m.id, m.title, m.body, m.starts_at, m.ends_at, m.state, m.started_at,
            m.completed_at, m.version, m.created_at, m.updated_at,
            coalesce((SELECT array_agg(s.id ORDER BY lower(s.name)) FROM maintenance_service x
                      JOIN service s ON s.id = x.service_id WHERE x.maintenance_id = m.id),
                     '{}') AS service_ids,
            coalesce((SELECT array_agg(s.name ORDER BY lower(s.name)) FROM maintenance_service x
                      JOIN service s ON s.id = x.service_id WHERE x.maintenance_id = m.id),
                     '{}') AS service_names
     FROM maintenance m";

pub async fn get(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<Option<Maintenance>> {
    let sql = format!("{SELECT} WHERE m.id = $1");
    let row: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(db)
        .await?;
    Ok(row.map(Maintenance::from))
}

/// The windows scheduled or in progress, soonest first.
pub async fn pending(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<Maintenance>> {
    let sql = format!(
        "{SELECT} WHERE m.state IN ('scheduled', 'in_progress') ORDER BY m.starts_at, m.id LIMIT 200"
    );
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .fetch_all(db)
        .await?;
    Ok(rows.into_iter().map(Maintenance::from).collect())
}

/// The newest windows of any state, at most `limit`, latest start first.
pub async fn newest(db: impl PgExecutor<'_>, limit: i64) -> sqlx::Result<Vec<Maintenance>> {
    let sql = format!("{SELECT} ORDER BY m.starts_at DESC, m.id LIMIT $1");
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(limit)
        .fetch_all(db)
        .await?;
    Ok(rows.into_iter().map(Maintenance::from).collect())
}

/// The ids of services named `names` (as stored), or a field error naming one that is not.
async fn service_ids(
    tx: &mut PgConnection,
    names: &[String],
) -> sqlx::Result<Result<Vec<Uuid>, FieldErrors>> {
    let rows = sqlx::query!(
        "SELECT id, name FROM service WHERE lower(name) = ANY($1)",
        &names.iter().map(|n| n.to_lowercase()).collect::<Vec<_>>()
    )
    .fetch_all(&mut *tx)
    .await?;
    if let Some(missing) = names
        .iter()
        .find(|n| !rows.iter().any(|r| r.name.eq_ignore_ascii_case(n)))
    {
        return Ok(Err(FieldErrors::one_said(
            "services",
            Message::new("val-no-service-named").with("names", missing),
        )));
    }
    Ok(Ok(rows.into_iter().map(|r| r.id).collect()))
}

async fn set_services(tx: &mut PgConnection, id: Uuid, services: &[Uuid]) -> sqlx::Result<()> {
    sqlx::query!(
        "DELETE FROM maintenance_service WHERE maintenance_id = $1",
        id
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO maintenance_service (maintenance_id, service_id) SELECT $1, unnest($2::uuid[])",
        id,
        services
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Schedules a window; its id, or field errors (a service that does not exist).
pub async fn create(
    tx: &mut PgConnection,
    fields: &MaintenanceFields,
    by: Option<PersonId>,
) -> sqlx::Result<Result<Uuid, FieldErrors>> {
    let services = match service_ids(tx, &fields.services).await? {
        Ok(ids) => ids,
        Err(errors) => return Ok(Err(errors)),
    };
    let id = Uuid::now_v7();
    sqlx::query!(
        "INSERT INTO maintenance (id, title, body, starts_at, ends_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6)",
        id,
        fields.title,
        fields.body,
        fields.starts_at,
        fields.ends_at,
        by as Option<PersonId>
    )
    .execute(&mut *tx)
    .await?;
    set_services(tx, id, &services).await?;
    Ok(Ok(id))
}

/// How saving an edit ended.
#[derive(Debug)]
pub enum Saved {
    Done,
    /// Someone changed it since `expected`, or it has ended: nothing written.
    Stale,
    Invalid(FieldErrors),
}

/// Changes a window that has not ended, if it is still at version `expected`.
pub async fn update(
    tx: &mut PgConnection,
    id: Uuid,
    fields: &MaintenanceFields,
    expected: i32,
) -> sqlx::Result<Saved> {
    let services = match service_ids(tx, &fields.services).await? {
        Ok(ids) => ids,
        Err(errors) => return Ok(Saved::Invalid(errors)),
    };
    let done = sqlx::query!(
        "UPDATE maintenance
         SET title = $2, body = $3, starts_at = $4, ends_at = $5, version = version + 1,
             updated_at = now()
         WHERE id = $1 AND version = $6 AND state IN ('scheduled', 'in_progress')",
        id,
        fields.title,
        fields.body,
        fields.starts_at,
        fields.ends_at,
        expected
    )
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(Saved::Stale);
    }
    set_services(tx, id, &services).await?;
    Ok(Saved::Done)
}

/// Ends a pending window by hand: cancelled before it started, completed once it had.
/// `None` when it was not pending.
pub async fn finish(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<Option<MaintenanceState>> {
    let state = sqlx::query_scalar!(
        "UPDATE maintenance
         SET state = CASE state WHEN 'scheduled' THEN 'cancelled' ELSE 'completed' END,
             completed_at = now(), version = version + 1, updated_at = now()
         WHERE id = $1 AND state IN ('scheduled', 'in_progress')
         RETURNING state",
        id
    )
    .fetch_optional(db)
    .await?;
    Ok(state.as_deref().and_then(MaintenanceState::parse))
}

/// Moves every window whose time has come: scheduled → in progress at its start, then
/// completed at its end. Each move is one conditional statement, so instances running it
/// at once never both make the same one. Returns (id, title, new state) of each move.
pub async fn advance(
    tx: &mut PgConnection,
    now: OffsetDateTime,
) -> sqlx::Result<Vec<(Uuid, String, MaintenanceState)>> {
    let completed = sqlx::query!(
        "UPDATE maintenance
         SET state = 'completed', completed_at = ends_at,
             started_at = coalesce(started_at, starts_at), version = version + 1,
             updated_at = now()
         WHERE state IN ('scheduled', 'in_progress') AND ends_at <= $1
         RETURNING id, title",
        now
    )
    .fetch_all(&mut *tx)
    .await?;
    let started = sqlx::query!(
        "UPDATE maintenance
         SET state = 'in_progress', started_at = starts_at, version = version + 1,
             updated_at = now()
         WHERE state = 'scheduled' AND starts_at <= $1
         RETURNING id, title",
        now
    )
    .fetch_all(&mut *tx)
    .await?;
    Ok(completed
        .into_iter()
        .map(|r| (r.id, r.title, MaintenanceState::Completed))
        .chain(
            started
                .into_iter()
                .map(|r| (r.id, r.title, MaintenanceState::InProgress)),
        )
        .collect())
}

/// The windows in progress now and the names of the services each covers (lower case).
pub async fn under_way(tx: &mut PgConnection) -> sqlx::Result<Vec<(Uuid, String)>> {
    let rows = sqlx::query!(
        r#"SELECT m.id, lower(s.name) AS "service!"
           FROM maintenance m
           JOIN maintenance_service x ON x.maintenance_id = m.id
           JOIN service s ON s.id = x.service_id
           WHERE m.state = 'in_progress'"#
    )
    .fetch_all(&mut *tx)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.service)).collect())
}

/// Notes an alert that fired on a window's service while it was in progress.
pub async fn note_alert(
    tx: &mut PgConnection,
    maintenance: Uuid,
    name: &str,
    headline: &str,
    fingerprint: &str,
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO maintenance_alert (id, maintenance_id, alert_name, headline, fingerprint)
         VALUES ($1, $2, $3, $4, $5)",
        Uuid::now_v7(),
        maintenance,
        name,
        headline,
        fingerprint
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The alerts noted on `windows`, newest first, at most 20 per window: (window, at, text).
pub async fn alerts(
    db: impl PgExecutor<'_>,
    windows: &[Uuid],
) -> sqlx::Result<Vec<(Uuid, OffsetDateTime, String)>> {
    let rows = sqlx::query!(
        r#"SELECT a.maintenance_id, a.at, a.alert_name, a.headline
           FROM unnest($1::uuid[]) AS w(id)
           CROSS JOIN LATERAL (SELECT * FROM maintenance_alert x WHERE x.maintenance_id = w.id
                               ORDER BY x.at DESC LIMIT 20) a"#,
        windows
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let text = if r.headline == r.alert_name {
                r.alert_name
            } else {
                format!("{}: {}", r.alert_name, r.headline)
            };
            (r.maintenance_id, r.at, text)
        })
        .collect())
}
