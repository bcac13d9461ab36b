//! The figures behind /reports over the incidents in scope.
//!
//! Every query filters incidents the same way (the viewer's visibility, the period, the
//! filters), so each figure covers exactly the incidents a viewer may see. Response times,
//! trends and services come from one streamed pass over the scope (computed in
//! `domain::report`); action items, missing post-mortems (by the policy) and tags from one
//! statement each. The
//! statements are fixed text with bound parameters and read one snapshot.

use sqlx::{PgConnection, PgPool, Row};

use crate::domain::incident::{Milestones, Visibility};
use crate::domain::report::{
    self as report, ActionCounts, DetectionLoad, MISSING_LIMIT, MissingPostmortem, Report, Scope,
    ScopeRow, TagLoad, TagPeriod,
};
use futures_util::TryStreamExt;

use super::postmortem_policy;
use crate::domain::postmortem::policy::Policy;

/// Binds the scope to `sql`: $1/$2 the viewer, $3–$4 the impact-start range, then severity,
/// kind and service name as stored (each NULL when not filtered on). `sql` is built from
/// this module's fixed text only; the values are bound.
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

/// Computes the whole report from one read-only snapshot. Its three parts run at the same
/// time on three connections that share the snapshot (`pg_export_snapshot`), so the report
/// takes about as long as its longest part.
pub async fn report(
    db: &PgPool,
    scope: &Scope,
    viewer: Visibility,
    policy: &Policy,
) -> sqlx::Result<Report> {
    // Each report holds three connections; two at a time leave the pool to everyone else
    // and cannot starve each other of connections.
    static RUNNING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);
    let _permit = RUNNING
        .acquire()
        .await
        .map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    const BEGIN: &str = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";
    let mut first = db.begin_with(BEGIN).await?;
    let snapshot: String = sqlx::query_scalar("SELECT pg_export_snapshot()")
        .fetch_one(&mut *first)
        .await?;
    // The id is PostgreSQL's own ("00000003-0000001B-1"); check it before quoting it.
    if !snapshot.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
        return Err(sqlx::Error::Protocol(format!(
            "unexpected snapshot id {snapshot}"
        )));
    }
    let mut second = join_snapshot(db, BEGIN, &snapshot).await?;
    let mut third = join_snapshot(db, BEGIN, &snapshot).await?;
    // Five reads on three connections, balanced by what each costs over a year of a million
    // incidents (figures about 350 ms; the post-mortems missing 300–500 ms; factors and
    // triggers 330 ms; detection 250 ms; action items 45 ms).
    let first_parts = async {
        let figures = figures(&mut first, scope, viewer).await?;
        let detection = detection(&mut first, scope, viewer).await?;
        Ok::<_, sqlx::Error>((figures, detection))
    };
    let second_parts = async {
        let actions = actions(&mut second, scope, viewer).await?;
        let tags = tags(&mut second, scope, viewer).await?;
        Ok::<_, sqlx::Error>((actions, tags))
    };
    let ((figures, detection), (actions, tags), missing) = futures_util::try_join!(
        first_parts,
        second_parts,
        missing(&mut third, scope, viewer, policy),
    )?;
    first.commit().await?;
    second.commit().await?;
    third.commit().await?;
    let (missing_postmortems, missing_postmortem_count) = missing;
    Ok(Report {
        scope: scope.clone(),
        total: figures.total,
        by_severity: figures.by_severity,
        by_service: figures.by_service,
        trend: figures.trend,
        services: figures.services,
        actions,
        missing_postmortems,
        missing_postmortem_count,
        tags,
        detection,
    })
}

/// A transaction on another connection that sees the same snapshot.
async fn join_snapshot(
    db: &PgPool,
    begin: &'static str,
    snapshot: &str,
) -> sqlx::Result<sqlx::Transaction<'static, sqlx::Postgres>> {
    let mut tx = db.begin_with(begin).await?;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "SET TRANSACTION SNAPSHOT '{snapshot}'"
    )))
    .execute(&mut *tx)
    .await?;
    Ok(tx)
}

/// Response times, trends and services: one streamed pass over the incidents in scope.
async fn figures(
    conn: &mut PgConnection,
    scope: &Scope,
    viewer: Visibility,
) -> sqlx::Result<report::Figures> {
    // One pass over the incidents in scope, streamed: the figures are taken in Rust
    // (a sort per group and measure), which is far cheaper than an ordered-set aggregate
    // per figure in SQL. The milestones are read as they are stored (and answered from the
    // covering index): the spans between them are taken here.
    let sql = "SELECT i.severity, i.service_names, i.impact_started_at, i.detected_at,
                i.acknowledged_at, i.mitigated_at, i.resolved_at
         FROM visible_incident($1, $2) i
         WHERE i.impact_started_at >= $3 AND i.impact_started_at < $4
           AND ($5::text IS NULL OR i.severity = $5)
           AND ($6::text IS NULL OR i.kind = $6)
           AND ($7::text IS NULL OR i.service_names @> ARRAY[$7]::text[])"
        .to_owned();
    let now = time::OffsetDateTime::now_utc();
    let mut rows = bind_scope(sql, scope, viewer).fetch(&mut *conn);
    let mut tally = report::Tally::default();
    while let Some(row) = rows.try_next().await? {
        // By position (the columns above, in order): cheaper than by name 200,000 times.
        let row = ScopeRow::new(
            row.try_get(0)?,
            row.try_get(1)?,
            Milestones {
                impact_started_at: row.try_get(2)?,
                detected_at: row.try_get(3)?,
                acknowledged_at: row.try_get(4)?,
                mitigated_at: row.try_get(5)?,
                resolved_at: row.try_get(6)?,
                closed_at: None,
            },
            now,
        );
        tally.add(scope, &row);
    }
    drop(rows);
    Ok(tally.finish(scope))
}

/// Action items from these incidents' post-mortems. Each action item keeps its incident's
/// impact start, so the period is a range of one index; the incidents themselves are read
/// only when someone sees fewer than all of them or the report is filtered.
async fn actions(
    conn: &mut PgConnection,
    scope: &Scope,
    viewer: Visibility,
) -> sqlx::Result<ActionCounts> {
    const COUNTS: &str = "SELECT count(*) FILTER (WHERE a.status = 'done') AS done,
                count(*) FILTER (WHERE a.status IN ('open', 'in_progress')) AS open,
                count(*) FILTER (WHERE a.status IN ('open', 'in_progress')
                                   AND a.due_on < current_date) AS overdue,
                count(*) FILTER (WHERE a.status = 'wont_do') AS wont_do";
    let everything =
        viewer.all && scope.severity.is_none() && scope.kind.is_none() && scope.service.is_none();
    let row = if everything {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "{COUNTS} FROM action_item a
             WHERE a.incident_started_at >= $1 AND a.incident_started_at < $2"
        )))
        .bind(scope.start())
        .bind(scope.end())
        .fetch_one(&mut *conn)
        .await?
    } else {
        let sql = format!(
            "{COUNTS} FROM action_item a JOIN visible_incident($1, $2) i ON i.id = a.incident_id
             WHERE a.incident_started_at >= $3 AND a.incident_started_at < $4
               AND ($5::text IS NULL OR i.severity = $5)
               AND ($6::text IS NULL OR i.kind = $6)
               AND ($7::text IS NULL OR i.service_names @> ARRAY[$7]::text[])"
        );
        bind_scope(sql, scope, viewer).fetch_one(&mut *conn).await?
    };
    Ok(ActionCounts {
        done: row.try_get("done")?,
        open: row.try_get("open")?,
        overdue: row.try_get("overdue")?,
        wont_do: row.try_get("wont_do")?,
    })
}

/// Resolved incidents the policy requires a post-mortem of, whose post-mortem is not
/// published and that no one decided needs none: the newest, and how many in all.
async fn missing(
    conn: &mut PgConnection,
    scope: &Scope,
    viewer: Visibility,
    policy: &Policy,
) -> sqlx::Result<(Vec<MissingPostmortem>, i64)> {
    let sql = format!(
        "WITH missing AS MATERIALIZED (
             SELECT i.id, i.number, coalesce(p.state, 'none') AS postmortem
             FROM visible_incident($1, $2) i LEFT JOIN postmortem p ON p.incident_id = i.id
             WHERE i.impact_started_at >= $3 AND i.impact_started_at < $4
               AND ($5::text IS NULL OR i.severity = $5)
               AND ($6::text IS NULL OR i.kind = $6)
               AND ($7::text IS NULL OR i.service_names @> ARRAY[$7]::text[])
               AND i.status IN ('resolved', 'closed')
               AND p.state IS DISTINCT FROM 'published'
               AND NOT EXISTS (SELECT 1 FROM postmortem_waiver w WHERE w.incident_id = i.id)
               AND {})
         SELECT m.number, i.title, i.severity, i.resolved_at, m.postmortem,
                (SELECT count(*) FROM missing) AS all_missing
         FROM (SELECT * FROM missing ORDER BY number DESC LIMIT $8) m
         JOIN incident i ON i.id = m.id
         ORDER BY m.number DESC",
        postmortem_policy::required(policy)
    );
    let rows = bind_scope(sql, scope, viewer)
        .bind(MISSING_LIMIT)
        .fetch_all(&mut *conn)
        .await?;
    let missing_postmortem_count = match rows.first() {
        Some(r) => r.try_get("all_missing")?,
        None => 0,
    };
    let now = time::OffsetDateTime::now_utc();
    let missing_postmortems = rows
        .iter()
        .map(|r| {
            let resolved_at: Option<time::OffsetDateTime> = r.try_get("resolved_at")?;
            let due = resolved_at.map(|at| at + time::Duration::days(policy.due_days.into()));
            Ok(MissingPostmortem {
                number: r.try_get("number")?,
                title: r.try_get("title")?,
                severity: r.try_get("severity")?,
                resolved_at,
                postmortem: r.try_get("postmortem")?,
                due,
                late: due.is_some_and(|d| d < now),
            })
        })
        .collect::<sqlx::Result<Vec<_>>>()?;
    Ok((missing_postmortems, missing_postmortem_count))
}

/// An incident's impact in minutes, as the figures count it (`i` is the incident).
const IMPACT_MINUTES: &str = "greatest(extract(epoch FROM coalesce(i.mitigated_at, i.resolved_at, \
     now()) - i.impact_started_at), 0)::float8 / 60";

/// The scope's conditions on `i`, after the viewer's and the period's ($3, $4).
const SCOPE_FILTERS: &str = "i.impact_started_at >= $3 AND i.impact_started_at < $4
       AND ($5::text IS NULL OR i.severity = $5)
       AND ($6::text IS NULL OR i.kind = $6)
       AND ($7::text IS NULL OR i.service_names @> ARRAY[$7]::text[])";

/// Incidents and impact minutes behind each contributing factor and trigger, in all and per
/// trend period: most impact first.
async fn tags(
    conn: &mut PgConnection,
    scope: &Scope,
    viewer: Visibility,
) -> sqlx::Result<Vec<TagLoad>> {
    let sql = format!(
        "WITH tagged AS MATERIALIZED (
             SELECT pt.tag_id, i.impact_started_at, {IMPACT_MINUTES} AS minutes
             FROM visible_incident($1, $2) i
             JOIN postmortem p ON p.incident_id = i.id
             JOIN postmortem_tag pt ON pt.postmortem_id = p.id
             WHERE {SCOPE_FILTERS})
         SELECT t.id, t.kind, t.name,
                date_trunc($8, x.impact_started_at AT TIME ZONE 'UTC')::date AS period,
                count(*) AS incidents, sum(x.minutes)::float8 AS minutes
         FROM tagged x JOIN learning_tag t ON t.id = x.tag_id
         GROUP BY t.id, t.kind, t.name, period
         ORDER BY t.id, period"
    );
    let rows = bind_scope(sql, scope, viewer)
        .bind(scope.bucket.as_str())
        .fetch_all(&mut *conn)
        .await?;
    let mut out: Vec<TagLoad> = Vec::new();
    for row in rows {
        let id: uuid::Uuid = row.try_get("id")?;
        let period = TagPeriod {
            start: row.try_get("period")?,
            incidents: row.try_get("incidents")?,
            impact_minutes: row.try_get("minutes")?,
        };
        match out.last_mut() {
            Some(t) if t.id == id => {
                t.incidents += period.incidents;
                t.impact_minutes += period.impact_minutes;
                t.periods.push(period);
            }
            _ => out.push(TagLoad {
                id,
                kind: super::taxonomy::known_kind(row.try_get("kind")?)?,
                name: row.try_get("name")?,
                incidents: period.incidents,
                impact_minutes: period.impact_minutes,
                periods: vec![period],
            }),
        }
    }
    out.sort_by(|a, b| {
        b.impact_minutes
            .total_cmp(&a.impact_minutes)
            .then(b.incidents.cmp(&a.incidents))
            .then(a.name.cmp(&b.name))
    });
    Ok(out)
}

/// Incidents with a post-mortem by how they were detected: how many, their impact, and the
/// median time to detect.
async fn detection(
    conn: &mut PgConnection,
    scope: &Scope,
    viewer: Visibility,
) -> sqlx::Result<Vec<DetectionLoad>> {
    let sql = format!(
        "SELECT p.detection_source, count(*) AS incidents, sum({IMPACT_MINUTES}) AS minutes,
                percentile_cont(0.5) WITHIN GROUP (
                    ORDER BY extract(epoch FROM i.detected_at - i.impact_started_at)::float8)
                    FILTER (WHERE i.detected_at IS NOT NULL) AS median_detect
         FROM visible_incident($1, $2) i JOIN postmortem p ON p.incident_id = i.id
         WHERE {SCOPE_FILTERS}
         GROUP BY p.detection_source
         ORDER BY count(*) DESC, p.detection_source NULLS LAST"
    );
    let rows = bind_scope(sql, scope, viewer).fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|r| {
            Ok(DetectionLoad {
                detection: super::taxonomy::known_detection(r.try_get("detection_source")?)?,
                incidents: r.try_get("incidents")?,
                impact_minutes: r.try_get::<Option<f64>, _>("minutes")?.unwrap_or(0.0),
                median_detect: r.try_get("median_detect")?,
            })
        })
        .collect()
}
