//! What the public status page reads: the public components, the incidents that reached
//! the public (not restricted, with a public update) with their public updates and the
//! components they affect, and those incidents' impact windows for the uptime bars.

use sqlx::{PgExecutor, Postgres, QueryBuilder};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::domain::ids::{IncidentId, PersonId, ServiceId};
use crate::domain::incident::{Severity, Status};
use crate::domain::slo::{Impact, ImpactWindow};
use crate::domain::status::{ComponentFields, ComponentState, PublicWindow};

/// Everything the status page shows, as stored, read in one snapshot.
pub struct Everything {
    pub components: Vec<Component>,
    /// Open public incidents, and the `newest` public incidents of any state.
    pub open: Vec<PublicIncident>,
    pub newest: Vec<PublicIncident>,
    /// The public updates and the affected public components of those incidents.
    pub updates: Vec<PublicUpdate>,
    pub affected: Vec<(IncidentId, ServiceId, Impact)>,
    /// Impact windows of public incidents on public components reaching past `since`.
    pub windows: Vec<(ServiceId, PublicWindow)>,
    /// Maintenance scheduled or in progress, and the 50 newest windows.
    pub pending: Vec<crate::domain::maintenance::Maintenance>,
    pub recent: Vec<crate::domain::maintenance::Maintenance>,
}

/// Reads [`Everything`] in one read-only transaction: a fixed number of statements.
pub async fn everything(
    db: &sqlx::PgPool,
    newest: i64,
    since: OffsetDateTime,
) -> sqlx::Result<Everything> {
    let mut tx = db
        .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .await?;
    let components = components(&mut *tx).await?;
    let open = incidents(&mut *tx, Which::Open).await?;
    let newest = incidents(&mut *tx, Which::Newest(newest)).await?;
    let mut ids: Vec<IncidentId> = open.iter().chain(&newest).map(|i| i.id).collect();
    ids.sort_unstable_by_key(|i| i.0);
    ids.dedup();
    let updates = updates(&mut *tx, &ids).await?;
    let affected = affected(&mut *tx, &ids).await?;
    let windows = windows(&mut *tx, since).await?;
    let pending = super::maintenance::pending(&mut *tx).await?;
    let recent = super::maintenance::newest(&mut *tx, 50).await?;
    tx.commit().await?;
    Ok(Everything {
        components,
        open,
        newest,
        updates,
        affected,
        windows,
        pending,
        recent,
    })
}

/// A service shown on the status page.
#[derive(Debug, Clone, PartialEq)]
pub struct Component {
    pub service_id: ServiceId,
    pub public_name: String,
    pub description: String,
    pub group: String,
    pub position: i32,
    /// Set by a responder; `None` follows the incidents.
    pub override_state: Option<ComponentState>,
    pub version: i32,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// Every public component, grouped, then by position and name.
pub async fn components(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<Component>> {
    let rows = sqlx::query!(
        r#"SELECT service_id AS "service_id: ServiceId", public_name, description, group_name,
                  position, override_state, version, created_at, updated_at
           FROM status_component
           ORDER BY group_name, position, lower(public_name)"#
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Component {
            service_id: r.service_id,
            public_name: r.public_name,
            description: r.description,
            group: r.group_name,
            position: r.position,
            override_state: r.override_state.as_deref().and_then(ComponentState::parse),
            version: r.version,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
        .collect())
}

/// Shows `service` on the status page with `fields` (`expected` is `None`), or changes
/// how it is shown if its version is still `expected`; false when someone else changed it
/// (or showed it) first.
pub async fn save_component(
    db: impl PgExecutor<'_>,
    service: ServiceId,
    fields: &ComponentFields,
    expected: Option<i32>,
) -> sqlx::Result<bool> {
    let done = match expected {
        None => {
            sqlx::query!(
                "INSERT INTO status_component (service_id, public_name, description, group_name,
                                               position)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (service_id) DO NOTHING",
                service as ServiceId,
                fields.public_name,
                fields.description,
                fields.group,
                fields.position
            )
            .execute(db)
            .await?
        }
        Some(version) => {
            sqlx::query!(
                "UPDATE status_component
                 SET public_name = $2, description = $3, group_name = $4, position = $5,
                     version = version + 1, updated_at = now()
                 WHERE service_id = $1 AND version = $6",
                service as ServiceId,
                fields.public_name,
                fields.description,
                fields.group,
                fields.position,
                version
            )
            .execute(db)
            .await?
        }
    };
    Ok(done.rows_affected() == 1)
}

/// Takes `service` off the status page; false when it was not on it.
pub async fn remove_component(db: impl PgExecutor<'_>, service: ServiceId) -> sqlx::Result<bool> {
    let done = sqlx::query!(
        "DELETE FROM status_component WHERE service_id = $1",
        service as ServiceId
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Sets (or with `None` clears) the state a responder chose for `service`'s component; false
/// when the service is not on the status page.
pub async fn set_override(
    db: impl PgExecutor<'_>,
    service: ServiceId,
    state: Option<ComponentState>,
    by: PersonId,
) -> sqlx::Result<bool> {
    let done = sqlx::query!(
        "UPDATE status_component
         SET override_state = $2, overridden_by = $3, overridden_at = now(),
             version = version + 1, updated_at = now()
         WHERE service_id = $1",
        service as ServiceId,
        state.map(ComponentState::as_str),
        by as PersonId
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// An incident as the public sees it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct PublicIncident {
    pub id: IncidentId,
    pub number: i64,
    pub title: String,
    pub severity: Severity,
    pub status: Status,
    pub impact_started_at: OffsetDateTime,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub mitigated_at: Option<OffsetDateTime>,
    pub resolved_at: Option<OffsetDateTime>,
}

/// Which public incidents to read.
#[derive(Debug, Clone, Copy)]
pub enum Which {
    /// Those still open, newest first.
    Open,
    /// The newest, at most this many.
    Newest(i64),
    /// Those whose impact started in `[from, to)`, newest first (at most 500).
    Started(OffsetDateTime, OffsetDateTime),
}

/// The incidents that reached the public: not restricted, with a public update.
pub async fn incidents(db: impl PgExecutor<'_>, which: Which) -> sqlx::Result<Vec<PublicIncident>> {
    let mut qb: QueryBuilder<Postgres> = QueryBuilder::new(
        "SELECT i.id, i.number, i.title, i.severity, i.status, i.impact_started_at,
                i.created_at, i.updated_at, i.mitigated_at, i.resolved_at
         FROM incident i
         WHERE NOT i.restricted
           AND EXISTS (SELECT FROM status_update u
                       WHERE u.incident_id = i.id AND u.audience = 'public')",
    );
    match which {
        Which::Open => {
            qb.push(
                " AND i.status IN ('investigating', 'identified', 'monitoring')
                  ORDER BY i.number DESC LIMIT 200",
            );
        }
        Which::Newest(n) => {
            qb.push(" ORDER BY i.number DESC LIMIT ").push_bind(n);
        }
        Which::Started(from, to) => {
            qb.push(" AND i.impact_started_at >= ")
                .push_bind(from)
                .push(" AND i.impact_started_at < ")
                .push_bind(to)
                .push(" ORDER BY i.impact_started_at DESC LIMIT 500");
        }
    }
    qb.build_query_as().fetch_all(db).await
}

/// Public incident `number`, if it reached the public.
pub async fn incident(
    db: impl PgExecutor<'_>,
    number: i64,
) -> sqlx::Result<Option<PublicIncident>> {
    sqlx::query_as(
        "SELECT i.id, i.number, i.title, i.severity, i.status, i.impact_started_at,
                i.created_at, i.updated_at, i.mitigated_at, i.resolved_at
         FROM incident i
         WHERE i.number = $1 AND NOT i.restricted
           AND EXISTS (SELECT FROM status_update u
                       WHERE u.incident_id = i.id AND u.audience = 'public')",
    )
    .bind(number)
    .fetch_optional(db)
    .await
}

/// A public stakeholder update.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicUpdate {
    pub id: Uuid,
    pub incident_id: IncidentId,
    pub status: String,
    pub impact: String,
    pub published_at: OffsetDateTime,
}

/// The public updates of `incidents`, newest first.
pub async fn updates(
    db: impl PgExecutor<'_>,
    incidents: &[IncidentId],
) -> sqlx::Result<Vec<PublicUpdate>> {
    let ids: Vec<Uuid> = incidents.iter().map(|i| i.0).collect();
    let rows = sqlx::query!(
        r#"SELECT id, incident_id AS "incident_id: IncidentId", status, impact, published_at
           FROM status_update
           WHERE incident_id = ANY($1) AND audience = 'public'
           ORDER BY published_at DESC, id"#,
        &ids
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| PublicUpdate {
            id: r.id,
            incident_id: r.incident_id,
            status: r.status,
            impact: r.impact,
            published_at: r.published_at,
        })
        .collect())
}

/// Which public components each of `incidents` affected, and how hard.
pub async fn affected(
    db: impl PgExecutor<'_>,
    incidents: &[IncidentId],
) -> sqlx::Result<Vec<(IncidentId, ServiceId, Impact)>> {
    let ids: Vec<Uuid> = incidents.iter().map(|i| i.0).collect();
    let rows = sqlx::query!(
        r#"SELECT x.incident_id AS "incident_id: IncidentId", x.service_id AS "service_id: ServiceId",
                  x.impact AS "impact: Impact"
           FROM incident_service x
           JOIN status_component c ON c.service_id = x.service_id
           WHERE x.incident_id = ANY($1)"#,
        &ids
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.incident_id, r.service_id, r.impact))
        .collect())
}

/// The impact windows of public incidents on public components that reach past `since`.
pub async fn windows(
    db: impl PgExecutor<'_>,
    since: OffsetDateTime,
) -> sqlx::Result<Vec<(ServiceId, PublicWindow)>> {
    let rows = sqlx::query!(
        r#"SELECT x.service_id AS "service_id: ServiceId", x.impact AS "impact: Impact",
                  i.number, i.impact_started_at, coalesce(i.mitigated_at, i.resolved_at) AS ended_at
           FROM incident i
           JOIN incident_service x ON x.incident_id = i.id
           JOIN status_component c ON c.service_id = x.service_id
           WHERE coalesce(i.mitigated_at, i.resolved_at, 'infinity'::timestamptz) > $1
             AND NOT i.restricted
             AND EXISTS (SELECT FROM status_update u
                         WHERE u.incident_id = i.id AND u.audience = 'public')
           ORDER BY i.impact_started_at
           LIMIT 100000"#,
        since
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                r.service_id,
                PublicWindow {
                    window: ImpactWindow {
                        start: r.impact_started_at,
                        end: r.ended_at,
                        impact: r.impact,
                    },
                    incident: r.number,
                },
            )
        })
        .collect())
}
