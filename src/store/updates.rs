//! Stakeholder status updates.

use sqlx::{PgConnection, PgExecutor};
use uuid::Uuid;

use crate::domain::ids::{IncidentId, PersonId};
use crate::domain::incident::Visibility;
use crate::domain::update::{Audience, NewUpdate, StatusUpdate};

struct Row {
    id: Uuid,
    audience: Audience,
    status: String,
    impact: String,
    next_update_at: Option<time::OffsetDateTime>,
    published_at: time::OffsetDateTime,
    author: String,
}

impl From<Row> for StatusUpdate {
    fn from(r: Row) -> Self {
        StatusUpdate {
            id: r.id,
            audience: r.audience,
            status: r.status,
            impact: r.impact,
            next_update_at: r.next_update_at,
            published_at: r.published_at,
            author: r.author,
        }
    }
}

pub async fn create(
    tx: &mut PgConnection,
    incident_id: IncidentId,
    author_id: PersonId,
    update: &NewUpdate,
) -> sqlx::Result<Uuid> {
    let id = Uuid::now_v7();
    sqlx::query!(
        "INSERT INTO status_update (id, incident_id, author_id, audience, status, impact,
                                    next_update_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        id,
        incident_id as IncidentId,
        author_id as PersonId,
        update.audience.as_str(),
        update.status,
        update.impact,
        update.next_update_at
    )
    .execute(&mut *tx)
    .await?;
    Ok(id)
}

/// The incident's updates, newest first.
pub async fn list(
    db: impl PgExecutor<'_>,
    incident_id: IncidentId,
) -> sqlx::Result<Vec<StatusUpdate>> {
    let rows = sqlx::query_as!(
        Row,
        r#"SELECT u.id, u.audience AS "audience: Audience", u.status, u.impact, u.next_update_at, u.published_at,
                  p.display_name AS author
           FROM status_update u JOIN person p ON p.id = u.author_id
           WHERE u.incident_id = $1 ORDER BY u.published_at DESC, u.id DESC LIMIT 200"#,
        incident_id as IncidentId
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// Open incidents, visible to `viewer`, whose latest update promised a next one that is
/// now late: (number, title, when it was due).
pub async fn overdue(
    db: impl PgExecutor<'_>,
    viewer: Visibility,
) -> sqlx::Result<Vec<(i64, String, time::OffsetDateTime)>> {
    let rows = sqlx::query!(
        r#"SELECT i.number, i.title, u.next_update_at AS "due!"
           FROM incident i
           JOIN LATERAL (SELECT next_update_at FROM status_update
                         WHERE incident_id = i.id ORDER BY published_at DESC, id DESC LIMIT 1) u
             ON true
           WHERE i.status IN ('investigating', 'identified', 'monitoring')
             AND u.next_update_at < now()
             AND EXISTS (SELECT FROM visible_incident($1, $2) v WHERE v.id = i.id)
           ORDER BY u.next_update_at LIMIT 100"#,
        viewer.all,
        viewer.person_id as Option<PersonId>
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.number, r.title, r.due))
        .collect())
}
