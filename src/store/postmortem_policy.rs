//! When a post-mortem is required (migration 0034): the one row of rules, and the
//! condition that picks the incidents it requires, in SQL that mirrors
//! `domain::postmortem::policy::Policy::reasons`.

use sqlx::postgres::PgArguments;
use sqlx::query::Query;
use sqlx::{PgConnection, PgExecutor, Postgres};

use crate::domain::incident::Severity;
use crate::domain::postmortem::policy::Policy;

pub async fn get(db: impl PgExecutor<'_>) -> sqlx::Result<Policy> {
    let row = sqlx::query!(
        "SELECT severities, impact_minutes, data_loss, from_alert, resolution_hours,
                detected_by_person, due_days, version
         FROM postmortem_policy"
    )
    .fetch_optional(db)
    .await?;
    let Some(r) = row else {
        return Ok(Policy::default());
    };
    let severities = r
        .severities
        .iter()
        .map(|s| {
            s.parse::<Severity>().map_err(|_| {
                sqlx::Error::Decode(format!("the policy holds severity \"{s}\"").into())
            })
        })
        .collect::<sqlx::Result<Vec<_>>>()?;
    Ok(Policy {
        severities,
        impact_minutes: r.impact_minutes,
        data_loss: r.data_loss,
        from_alert: r.from_alert,
        resolution_hours: r.resolution_hours,
        detected_by_person: r.detected_by_person,
        due_days: r.due_days,
        version: r.version,
    })
}

/// Saves new rules if `p.version` is still current: the new version, or `None`.
pub async fn save(tx: &mut PgConnection, p: &Policy) -> sqlx::Result<Option<i32>> {
    let severities: Vec<&str> = p.severities.iter().map(|s| s.as_str()).collect();
    sqlx::query_scalar!(
        "UPDATE postmortem_policy SET severities = $2, impact_minutes = $3, data_loss = $4,
                from_alert = $5, resolution_hours = $6, detected_by_person = $7,
                due_days = $8, version = version + 1
         WHERE version = $1 RETURNING version",
        p.version,
        &severities as &[&str],
        p.impact_minutes,
        p.data_loss,
        p.from_alert,
        p.resolution_hours,
        p.detected_by_person,
        p.due_days
    )
    .fetch_optional(&mut *tx)
    .await
}

/// Whether incident `i` (with its post-mortem `p`, possibly missing) needs a post-mortem,
/// the policy's values bound from `$first` on, in [`bind`]'s order.
pub fn required(first: usize) -> String {
    let n = |k: usize| first + k;
    format!(
        "(i.severity = ANY(${}::text[])
          OR (${} AND i.kind = 'data_loss')
          OR (${} AND i.source IN ('alertmanager', 'grafana'))
          OR (${}::int IS NOT NULL AND coalesce(i.mitigated_at, i.resolved_at) - i.impact_started_at
                                      > make_interval(mins => ${}::int))
          OR (${}::int IS NOT NULL AND i.resolved_at - i.impact_started_at
                                      > make_interval(hours => ${}::int))
          OR (${} AND p.detection_source IN ('employee', 'customer')))",
        n(0),
        n(1),
        n(2),
        n(3),
        n(3),
        n(4),
        n(4),
        n(5)
    )
}

/// Binds the policy's values for [`required`].
pub fn bind<'q>(
    q: Query<'q, Postgres, PgArguments>,
    p: &Policy,
) -> Query<'q, Postgres, PgArguments> {
    let severities: Vec<String> = p.severities.iter().map(|s| s.as_str().to_owned()).collect();
    q.bind(severities)
        .bind(p.data_loss)
        .bind(p.from_alert)
        .bind(p.impact_minutes)
        .bind(p.resolution_hours)
        .bind(p.detected_by_person)
}

/// A required post-mortem not yet published, from a resolved incident.
#[derive(Debug, Clone, PartialEq)]
pub struct Due {
    pub number: i64,
    pub title: String,
    pub severity: Severity,
    /// "none", "draft" or "in_review".
    pub postmortem: String,
    pub due: time::OffsetDateTime,
    pub late: bool,
}

/// How far back the home page looks for required post-mortems (the report covers any
/// period).
pub const DUE_WITHIN_DAYS: i32 = 90;

/// Required post-mortems not yet published of incidents `viewer` may see whose impact
/// started in the last [`DUE_WITHIN_DAYS`] days, soonest due first: up to `limit`, and how
/// many in all.
pub async fn due(
    db: impl PgExecutor<'_>,
    viewer: crate::domain::incident::Visibility,
    policy: &Policy,
    limit: i64,
) -> sqlx::Result<(Vec<Due>, i64)> {
    use sqlx::Row;
    let sql = format!(
        "SELECT i.number, i.title, i.severity, i.resolved_at,
                coalesce(p.state, 'none') AS postmortem, count(*) OVER () AS total
         FROM visible_incident($1, $2) i LEFT JOIN postmortem p ON p.incident_id = i.id
         WHERE i.impact_started_at >= now() - make_interval(days => $9)
           AND i.status IN ('resolved', 'closed') AND i.resolved_at IS NOT NULL
           AND p.state IS DISTINCT FROM 'published'
           AND NOT EXISTS (SELECT 1 FROM postmortem_waiver w WHERE w.incident_id = i.id)
           AND {}
         ORDER BY i.resolved_at, i.number LIMIT $10",
        required(3)
    );
    let q = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(viewer.all)
        .bind(viewer.person_id);
    let rows = bind(q, policy)
        .bind(DUE_WITHIN_DAYS)
        .bind(limit)
        .fetch_all(db)
        .await?;
    let total = match rows.first() {
        Some(r) => r.try_get("total")?,
        None => 0,
    };
    let now = time::OffsetDateTime::now_utc();
    let items = rows
        .iter()
        .map(|r| {
            let resolved: time::OffsetDateTime = r.try_get("resolved_at")?;
            let due = resolved + time::Duration::days(policy.due_days.into());
            Ok(Due {
                number: r.try_get("number")?,
                title: r.try_get("title")?,
                severity: r.try_get("severity")?,
                postmortem: r.try_get("postmortem")?,
                due,
                late: due < now,
            })
        })
        .collect::<sqlx::Result<Vec<_>>>()?;
    Ok((items, total))
}
