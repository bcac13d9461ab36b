//! The audit trail, written in the same transaction as the change it records.

use sqlx::{PgExecutor, Postgres, QueryBuilder, Row};
use uuid::Uuid;

use crate::domain::audit::{Actor, AuditEvent, Change};
use crate::domain::ids::{IncidentId, PersonId};
use crate::i18n::Message;

pub async fn record(db: impl PgExecutor<'_>, actor: &Actor, change: Change) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO audit_event (id, actor_id, actor, action, entity, entity_id, incident_id,
                                  summary, said, before, after)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        Uuid::now_v7(),
        actor.id as Option<PersonId>,
        actor.label,
        change.action,
        change.entity,
        change.entity_id,
        change.incident_id as Option<IncidentId>,
        change.summary.to_string(),
        change.summary.to_json(),
        change.before,
        change.after,
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Which events the trail shows.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub entity: Option<String>,
    pub actor_id: Option<Uuid>,
    pub incident_id: Option<Uuid>,
    /// Events older than this one.
    pub before: Option<Uuid>,
}

/// Newest first, at most `limit`.
pub async fn list(
    db: impl PgExecutor<'_>,
    filter: &AuditFilter,
    limit: i64,
) -> sqlx::Result<Vec<AuditEvent>> {
    let mut qb: QueryBuilder<Postgres> = QueryBuilder::new(
        "SELECT a.id, a.at, a.actor, a.action, a.entity, a.entity_id, a.summary, a.said,
                a.before, a.after, i.number AS incident_number
         FROM audit_event a LEFT JOIN incident i ON i.id = a.incident_id WHERE true",
    );
    if let Some(entity) = &filter.entity {
        qb.push(" AND a.entity = ").push_bind(entity.clone());
    }
    if let Some(actor) = filter.actor_id {
        qb.push(" AND a.actor_id = ").push_bind(actor);
    }
    if let Some(incident) = filter.incident_id {
        qb.push(" AND a.incident_id = ").push_bind(incident);
    }
    if let Some(before) = filter.before {
        qb.push(" AND a.id < ").push_bind(before);
    }
    qb.push(" ORDER BY a.id DESC LIMIT ").push_bind(limit);
    let rows = qb.build().fetch_all(db).await?;
    rows.iter()
        .map(|r| {
            Ok(AuditEvent {
                id: r.try_get("id")?,
                at: r.try_get("at")?,
                actor: r.try_get("actor")?,
                action: r.try_get("action")?,
                entity: r.try_get("entity")?,
                entity_id: r.try_get("entity_id")?,
                incident_number: r.try_get("incident_number")?,
                summary: r.try_get("summary")?,
                said: r
                    .try_get::<Option<serde_json::Value>, _>("said")?
                    .as_ref()
                    .and_then(Message::from_json),
                before: r.try_get("before")?,
                after: r.try_get("after")?,
            })
        })
        .collect()
}
