//! When a post-mortem is required (migration 0034): the one row of rules, and the
//! condition that picks the incidents it requires, in SQL that mirrors
//! `domain::postmortem::policy::Policy::reasons`.

use sqlx::{PgConnection, PgExecutor};

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

/// Whether incident `i` (with its post-mortem `p`, possibly missing) needs a post-mortem
/// under `policy`: only the rules that are on, so the planner reads only the columns they
/// need. The values written into the text are the policy's typed ones (severities from
/// their enum, whole numbers), never text a person typed.
pub fn required(policy: &Policy) -> String {
    let mut rules: Vec<String> = Vec::new();
    if !policy.severities.is_empty() {
        let list: Vec<String> = policy
            .severities
            .iter()
            .map(|s| format!("'{}'", s.as_str()))
            .collect();
        rules.push(format!("i.severity IN ({})", list.join(", ")));
    }
    if policy.data_loss {
        rules.push("i.kind = 'data_loss'".into());
    }
    if policy.from_alert {
        rules.push("i.source IN ('alertmanager', 'grafana')".into());
    }
    if let Some(m) = policy.impact_minutes {
        rules.push(format!(
            "coalesce(i.mitigated_at, i.resolved_at) - i.impact_started_at \
             > make_interval(mins => {m})"
        ));
    }
    if let Some(h) = policy.resolution_hours {
        rules.push(format!(
            "i.resolved_at - i.impact_started_at > make_interval(hours => {h})"
        ));
    }
    if policy.detected_by_person {
        rules.push("p.detection_source IN ('employee', 'customer')".into());
    }
    if rules.is_empty() {
        "false".into()
    } else {
        format!("({})", rules.join(" OR "))
    }
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
    // The incidents of the period come from the covering index, each one's post-mortem from
    // its own index, and the titles of only the few shown.
    let sql = format!(
        "WITH due AS MATERIALIZED (
             SELECT i.id, i.number, i.resolved_at, coalesce(p.state, 'none') AS postmortem
             FROM visible_incident($1, $2) i
             LEFT JOIN LATERAL (SELECT state, detection_source FROM postmortem
                                WHERE incident_id = i.id) p ON true
             WHERE i.impact_started_at >= now() - make_interval(days => $3)
               AND i.status IN ('resolved', 'closed') AND i.resolved_at IS NOT NULL
               AND p.state IS DISTINCT FROM 'published'
               AND NOT EXISTS (SELECT 1 FROM postmortem_waiver w WHERE w.incident_id = i.id)
               AND {})
         SELECT d.number, i.title, i.severity, d.resolved_at, d.postmortem,
                (SELECT count(*) FROM due) AS total
         FROM (SELECT * FROM due ORDER BY resolved_at, number LIMIT $4) d
         JOIN incident i ON i.id = d.id
         ORDER BY d.resolved_at, d.number",
        required(policy)
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(viewer.all)
        .bind(viewer.person_id)
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
