//! The figures behind /reports, computed in the database over the incidents in scope.
//!
//! Every query starts from the same `scope` common table expression, so each figure covers
//! exactly the incidents a viewer may see in the chosen period and filters. The statements
//! are built from fixed text (no user input) with bound parameters; five statements make a
//! report, whatever the number of incidents, and they read one snapshot.

use sqlx::postgres::PgRow;
use sqlx::{PgConnection, PgPool, Row};
use time::Date;

use crate::domain::incident::{Severity, Visibility};
use crate::domain::report::{
    ActionCounts, Group, MISSING_LIMIT, Measure, Metric, MissingPostmortem, Report, Scope,
    ServiceLoad, TrendPoint, fill_trend,
};

/// The incidents in scope: $1/$2 the viewer, $3–$4 the impact-start range, then severity,
/// kind and service name (each NULL when not filtered on).
const SCOPE: &str = "WITH scope AS MATERIALIZED (
    SELECT i.id, i.number, i.title, i.severity, i.status, i.impact_started_at, i.detected_at,
           i.acknowledged_at, i.mitigated_at, i.resolved_at
    FROM visible_incident($1, $2) i
    WHERE i.impact_started_at >= $3 AND i.impact_started_at < $4
      AND ($5::text IS NULL OR i.severity = $5)
      AND ($6::text IS NULL OR i.kind = $6)
      AND ($7::text IS NULL OR EXISTS (
              SELECT 1 FROM incident_service x JOIN service s ON s.id = x.service_id
              WHERE x.incident_id = i.id AND lower(s.name) = lower($7))))";

/// The interval each measure spans, as SQL over `alias`.
fn span(m: Measure, alias: &str) -> String {
    let (from, to) = match m {
        Measure::Detect => ("impact_started_at", "detected_at"),
        Measure::Acknowledge => ("detected_at", "acknowledged_at"),
        Measure::Mitigate => ("impact_started_at", "mitigated_at"),
        Measure::Resolve => ("impact_started_at", "resolved_at"),
    };
    format!("extract(epoch FROM {alias}.{to} - {alias}.{from})::float8")
}

/// count, median, p90 and mean of every measure; NULL spans (a missing milestone) are
/// skipped by each aggregate and counted as left out by the caller.
fn metric_columns(alias: &str) -> String {
    Measure::ALL
        .iter()
        .map(|&m| {
            let s = span(m, alias);
            let k = m.key();
            format!(
                "count({s}) AS {k}_n, \
                 percentile_cont(0.5) WITHIN GROUP (ORDER BY {s}) AS {k}_p50, \
                 percentile_cont(0.9) WITHIN GROUP (ORDER BY {s}) AS {k}_p90, \
                 avg({s}) AS {k}_mean"
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn metric(row: &PgRow, m: Measure, incidents: i64) -> sqlx::Result<Metric> {
    let k = m.key();
    let counted: i64 = row.try_get(format!("{k}_n").as_str())?;
    Ok(Metric {
        counted,
        left_out: incidents - counted,
        median: row.try_get(format!("{k}_p50").as_str())?,
        p90: row.try_get(format!("{k}_p90").as_str())?,
        mean: row.try_get(format!("{k}_mean").as_str())?,
    })
}

fn group(row: &PgRow, label: String) -> sqlx::Result<Group> {
    let incidents: i64 = row.try_get("incidents")?;
    Ok(Group {
        label,
        incidents,
        detect: metric(row, Measure::Detect, incidents)?,
        acknowledge: metric(row, Measure::Acknowledge, incidents)?,
        mitigate: metric(row, Measure::Mitigate, incidents)?,
        resolve: metric(row, Measure::Resolve, incidents)?,
    })
}

/// `sql` is built from this module's fixed text only; the values are bound.
fn bind_scope(
    sql: String,
    scope: &Scope,
    viewer: Visibility,
) -> sqlx::query::Query<'_, sqlx::Postgres, sqlx::postgres::PgArguments> {
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(viewer.all)
        .bind(viewer.person_id)
        .bind(scope.start())
        .bind(scope.end())
        .bind(scope.severity.map(|s| s.as_str()))
        .bind(scope.kind.map(|k| k.as_str()))
        .bind(scope.service.as_deref())
}

/// Computes the whole report in one read-only snapshot.
pub async fn report(db: &PgPool, scope: &Scope, viewer: Visibility) -> sqlx::Result<Report> {
    let mut tx = db
        .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .await?;
    let report = compute(&mut tx, scope, viewer).await?;
    tx.commit().await?;
    Ok(report)
}

async fn compute(
    conn: &mut PgConnection,
    scope: &Scope,
    viewer: Visibility,
) -> sqlx::Result<Report> {
    // Everything and each severity.
    let sql = format!(
        "{SCOPE} SELECT severity, grouping(severity) AS total, count(*) AS incidents, {}
         FROM scope sc GROUP BY GROUPING SETS ((), (severity)) ORDER BY total DESC, severity",
        metric_columns("sc")
    );
    let rows = bind_scope(sql, scope, viewer).fetch_all(&mut *conn).await?;
    let mut total = Group::empty("All incidents");
    let mut by_severity = Vec::new();
    for row in &rows {
        match row.try_get::<Option<Severity>, _>("severity")? {
            None => total = group(row, "All incidents".into())?,
            Some(s) => by_severity.push(group(row, s.as_str().into())?),
        }
    }

    // Each service: response times, and impact minutes (to mitigation, else resolution,
    // else now).
    let sql = format!(
        "{SCOPE} SELECT s.name, count(*) AS incidents, {},
                sum(greatest(0, extract(epoch FROM coalesce(sc.mitigated_at, sc.resolved_at, now())
                                                   - sc.impact_started_at)::float8)) / 60
                    AS impact_minutes
         FROM scope sc JOIN incident_service x ON x.incident_id = sc.id
              JOIN service s ON s.id = x.service_id
         GROUP BY s.name ORDER BY count(*) DESC, lower(s.name) LIMIT 500",
        metric_columns("sc")
    );
    let rows = bind_scope(sql, scope, viewer).fetch_all(&mut *conn).await?;
    let mut by_service = Vec::new();
    let mut services = Vec::new();
    for row in &rows {
        let name: String = row.try_get("name")?;
        let g = group(row, name.clone())?;
        services.push(ServiceLoad {
            service: name,
            incidents: g.incidents,
            impact_minutes: row
                .try_get::<Option<f64>, _>("impact_minutes")?
                .unwrap_or(0.0),
        });
        by_service.push(g);
    }

    // The trend: incidents per period and severity, and the median time to resolve.
    let sql = format!(
        "{SCOPE} SELECT date_trunc($8, sc.impact_started_at AT TIME ZONE 'UTC')::date AS start,
                count(*) FILTER (WHERE severity = 'SEV1') AS sev1,
                count(*) FILTER (WHERE severity = 'SEV2') AS sev2,
                count(*) FILTER (WHERE severity = 'SEV3') AS sev3,
                count(*) FILTER (WHERE severity = 'SEV4') AS sev4,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY {}) AS median_resolve
         FROM scope sc GROUP BY 1 ORDER BY 1",
        span(Measure::Resolve, "sc")
    );
    let rows = bind_scope(sql, scope, viewer)
        .bind(scope.bucket.as_str())
        .fetch_all(&mut *conn)
        .await?;
    let counted = rows
        .iter()
        .map(|row| {
            let start: Date = row.try_get("start")?;
            Ok(TrendPoint {
                start,
                label: scope.bucket.label(start),
                by_severity: [
                    row.try_get("sev1")?,
                    row.try_get("sev2")?,
                    row.try_get("sev3")?,
                    row.try_get("sev4")?,
                ],
                median_resolve: row.try_get("median_resolve")?,
            })
        })
        .collect::<sqlx::Result<Vec<_>>>()?;
    let trend = fill_trend(scope, counted);

    // Action items from these incidents' post-mortems.
    let sql = format!(
        "{SCOPE} SELECT count(*) FILTER (WHERE a.status = 'done') AS done,
                count(*) FILTER (WHERE a.status IN ('open', 'in_progress')) AS open,
                count(*) FILTER (WHERE a.status IN ('open', 'in_progress')
                                   AND a.due_on < current_date) AS overdue,
                count(*) FILTER (WHERE a.status = 'wont_do') AS wont_do
         FROM action_item a JOIN scope sc ON sc.id = a.incident_id"
    );
    let row = bind_scope(sql, scope, viewer).fetch_one(&mut *conn).await?;
    let actions = ActionCounts {
        done: row.try_get("done")?,
        open: row.try_get("open")?,
        overdue: row.try_get("overdue")?,
        wont_do: row.try_get("wont_do")?,
    };

    // Resolved SEV1/SEV2 incidents whose post-mortem is not published.
    let sql = format!(
        "{SCOPE} SELECT sc.number, sc.title, sc.severity, sc.resolved_at,
                coalesce(p.state, 'none') AS postmortem, count(*) OVER () AS all_missing
         FROM scope sc LEFT JOIN postmortem p ON p.incident_id = sc.id
         WHERE sc.severity IN ('SEV1', 'SEV2') AND sc.status IN ('resolved', 'closed')
           AND p.state IS DISTINCT FROM 'published'
         ORDER BY sc.number DESC LIMIT $8"
    );
    let rows = bind_scope(sql, scope, viewer)
        .bind(MISSING_LIMIT)
        .fetch_all(&mut *conn)
        .await?;
    let missing_postmortem_count = match rows.first() {
        Some(r) => r.try_get("all_missing")?,
        None => 0,
    };
    let missing_postmortems = rows
        .iter()
        .map(|r| {
            Ok(MissingPostmortem {
                number: r.try_get("number")?,
                title: r.try_get("title")?,
                severity: r.try_get("severity")?,
                resolved_at: r.try_get("resolved_at")?,
                postmortem: r.try_get("postmortem")?,
            })
        })
        .collect::<sqlx::Result<Vec<_>>>()?;

    Ok(Report {
        scope: scope.clone(),
        total,
        by_severity,
        by_service,
        trend,
        services,
        actions,
        missing_postmortems,
        missing_postmortem_count,
    })
}
