//! Impact windows for error budgets.

use std::collections::HashMap;

use sqlx::{PgConnection, PgExecutor};
use time::OffsetDateTime;

use crate::domain::ids::{IncidentId, PersonId, ServiceId};
use crate::domain::incident::Visibility;
use crate::domain::slo::{Impact, ImpactWindow};

/// Every impact window, per service with an objective, that reaches into that service's
/// current window (the last `slo_window_days` days before `now`). One statement for all
/// services; it reads incidents whose impact ended after the longest window began.
pub async fn windows(
    db: impl PgExecutor<'_>,
    viewer: Visibility,
    now: OffsetDateTime,
) -> sqlx::Result<HashMap<ServiceId, Vec<ImpactWindow>>> {
    let rows = sqlx::query!(
        r#"SELECT x.service_id AS "service_id!: ServiceId", x.impact AS "impact!: Impact",
                  i.impact_started_at AS "impact_started_at!",
                  coalesce(i.mitigated_at, i.resolved_at) AS impact_ended_at
           FROM incident i
           JOIN incident_service x ON x.incident_id = i.id
           JOIN service s ON s.id = x.service_id
           WHERE s.slo_window_days IS NOT NULL
             AND coalesce(i.mitigated_at, i.resolved_at, 'infinity'::timestamptz)
                 > $3::timestamptz - make_interval(days => (SELECT max(slo_window_days) FROM service))
             AND coalesce(i.mitigated_at, i.resolved_at, 'infinity'::timestamptz)
                 > $3::timestamptz - make_interval(days => s.slo_window_days)
             AND i.impact_started_at < $3
             AND EXISTS (SELECT FROM visible_incident($1, $2) v WHERE v.id = i.id)
           UNION ALL
           -- Maintenance that spends its services' budgets: full impact while it ran.
           SELECT x.service_id, 'full', m.started_at, m.completed_at
           FROM maintenance m
           JOIN maintenance_service x ON x.maintenance_id = m.id
           JOIN service s ON s.id = x.service_id
           WHERE s.maintenance_counts AND s.slo_window_days IS NOT NULL
             AND m.started_at IS NOT NULL AND m.started_at < $3
             AND coalesce(m.completed_at, 'infinity'::timestamptz)
                 > $3::timestamptz - make_interval(days => s.slo_window_days)
           ORDER BY 3
           LIMIT 100000"#,
        viewer.all,
        viewer.person_id as Option<PersonId>,
        now,
    )
    .fetch_all(db)
    .await?;
    let mut out: HashMap<ServiceId, Vec<ImpactWindow>> = HashMap::new();
    for r in rows {
        out.entry(r.service_id).or_default().push(ImpactWindow {
            start: r.impact_started_at,
            end: r.impact_ended_at,
            impact: r.impact,
        });
    }
    Ok(out)
}

/// A service an incident affected, how hard, and the service's objective.
#[derive(Debug, Clone, PartialEq)]
pub struct Affected {
    pub service_id: ServiceId,
    pub name: String,
    pub impact: Impact,
    pub slo_target: Option<f64>,
    pub slo_window_days: Option<i32>,
}

/// The services an incident affected, by name.
pub async fn affected(
    db: impl PgExecutor<'_>,
    incident_id: IncidentId,
) -> sqlx::Result<Vec<Affected>> {
    let rows = sqlx::query!(
        r#"SELECT s.id AS "id: ServiceId", s.name, x.impact AS "impact: Impact", s.slo_target, s.slo_window_days
         FROM incident_service x JOIN service s ON s.id = x.service_id
         WHERE x.incident_id = $1 ORDER BY lower(s.name)"#,
        incident_id as IncidentId
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Affected {
            service_id: r.id,
            name: r.name,
            impact: r.impact,
            slo_target: r.slo_target,
            slo_window_days: r.slo_window_days,
        })
        .collect())
}

/// Sets how hard an incident hit one service; false when the incident does not name it.
pub async fn set_impact(
    tx: &mut PgConnection,
    incident_id: IncidentId,
    service_id: ServiceId,
    impact: Impact,
) -> sqlx::Result<bool> {
    let done = sqlx::query!(
        "UPDATE incident_service SET impact = $3 WHERE incident_id = $1 AND service_id = $2",
        incident_id as IncidentId,
        service_id as ServiceId,
        impact.as_str()
    )
    .execute(&mut *tx)
    .await?;
    Ok(done.rows_affected() == 1)
}
