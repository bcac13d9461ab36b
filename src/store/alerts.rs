//! Alerts tracked by incidents, received notifications, routing rules and the severity
//! mapping.

use serde_json::Value;
use sqlx::{PgConnection, PgExecutor};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::domain::alert::{Action, AlertIn, AlertStatus, Matcher, Op, Route};
use crate::domain::ids::{IncidentId, PersonId};
use crate::domain::incident::{Kind, Severity, Source, Visibility};

/// Serialises alert intake across instances until the transaction ends, so that one
/// fingerprint never opens two incidents.
pub async fn lock_intake(tx: &mut PgConnection) -> sqlx::Result<()> {
    sqlx::query!("SELECT pg_advisory_xact_lock(hashtextextended('murphy.alert-intake', 0))")
        .fetch_one(&mut *tx)
        .await?;
    Ok(())
}

/// Records a notification by its digest; false when it was received before.
pub async fn claim_notification(
    tx: &mut PgConnection,
    digest: &[u8],
    source: Source,
    alerts: i32,
) -> sqlx::Result<bool> {
    let inserted = sqlx::query!(
        "INSERT INTO alert_notification (digest, source, alerts, outcome)
         VALUES ($1, $2, $3, '') ON CONFLICT (digest) DO NOTHING",
        digest,
        source.as_str(),
        alerts
    )
    .execute(&mut *tx)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

pub async fn set_outcome(tx: &mut PgConnection, digest: &[u8], outcome: &str) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE alert_notification SET outcome = $2 WHERE digest = $1",
        digest,
        outcome
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// An alert already tracked by an open incident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tracked {
    pub alert_id: Uuid,
    pub fingerprint: String,
    pub incident_id: IncidentId,
    pub number: i64,
    pub status: String,
}

/// The alerts with these fingerprints that open incidents `viewer` may see track.
pub async fn tracked(
    tx: &mut PgConnection,
    fingerprints: &[String],
    viewer: Visibility,
) -> sqlx::Result<Vec<Tracked>> {
    sqlx::query_as!(
        Tracked,
        r#"SELECT a.id AS alert_id, a.fingerprint, a.incident_id AS "incident_id: IncidentId",
                  i.number AS "number!", a.status
           FROM alert a JOIN visible_incident($2, $3) i ON i.id = a.incident_id
           WHERE a.fingerprint = ANY($1)
             AND i.status IN ('investigating', 'identified', 'monitoring')
           ORDER BY i.number"#,
        fingerprints,
        viewer.all,
        viewer.person_id as Option<PersonId>,
    )
    .fetch_all(&mut *tx)
    .await
}

fn map_json(m: &std::collections::BTreeMap<String, String>) -> Value {
    serde_json::to_value(m).unwrap_or(Value::Null)
}

/// Adds a notification's new alerts to an incident, in one statement whatever their number.
pub async fn insert_all(
    tx: &mut PgConnection,
    incident_id: IncidentId,
    source: Source,
    alerts: &[&AlertIn],
) -> sqlx::Result<()> {
    let ids: Vec<Uuid> = alerts.iter().map(|_| Uuid::now_v7()).collect();
    let fingerprints: Vec<String> = alerts.iter().map(|a| a.fingerprint.clone()).collect();
    let names: Vec<String> = alerts
        .iter()
        .map(|a| a.name().chars().take(500).collect())
        .collect();
    let statuses: Vec<&str> = alerts.iter().map(|a| a.status.as_str()).collect();
    let labels: Vec<Value> = alerts.iter().map(|a| map_json(&a.labels)).collect();
    let annotations: Vec<Value> = alerts.iter().map(|a| map_json(&a.annotations)).collect();
    let starts: Vec<OffsetDateTime> = alerts.iter().map(|a| a.starts_at).collect();
    let ends: Vec<Option<OffsetDateTime>> = alerts.iter().map(|a| a.ends_at).collect();
    let urls: Vec<String> = alerts.iter().map(|a| a.generator_url.clone()).collect();
    sqlx::query!(
        "INSERT INTO alert (id, incident_id, source, fingerprint, name, status, labels,
                            annotations, starts_at, ends_at, generator_url)
         SELECT a.id, $1, $2, a.fingerprint, a.name, a.status, a.labels, a.annotations,
                a.starts_at, a.ends_at, a.generator_url
         FROM UNNEST($3::uuid[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::jsonb[],
                     $9::timestamptz[], $10::timestamptz[], $11::text[])
              AS a(id, fingerprint, name, status, labels, annotations, starts_at, ends_at,
                   generator_url)",
        incident_id as IncidentId,
        source.as_str(),
        &ids,
        &fingerprints,
        &names,
        &statuses as &[&str],
        &labels,
        &annotations,
        &starts,
        &ends as &[Option<OffsetDateTime>],
        &urls
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Sets alerts firing again or resolved, in one statement: (alert, status, when it ended).
pub async fn set_statuses(
    tx: &mut PgConnection,
    changes: &[(Uuid, AlertStatus, Option<OffsetDateTime>)],
) -> sqlx::Result<()> {
    if changes.is_empty() {
        return Ok(());
    }
    let ids: Vec<Uuid> = changes.iter().map(|c| c.0).collect();
    let statuses: Vec<&str> = changes.iter().map(|c| c.1.as_str()).collect();
    let ends: Vec<Option<OffsetDateTime>> = changes.iter().map(|c| c.2).collect();
    sqlx::query!(
        "UPDATE alert SET status = u.status, ends_at = u.ends_at, last_seen_at = now()
         FROM UNNEST($1::uuid[], $2::text[], $3::timestamptz[]) AS u(id, status, ends_at)
         WHERE alert.id = u.id",
        &ids,
        &statuses as &[&str],
        &ends as &[Option<OffsetDateTime>]
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// How many of an incident's alerts still fire, and when the last resolved one ended.
pub async fn remaining(
    tx: &mut PgConnection,
    incident_id: IncidentId,
) -> sqlx::Result<(i64, Option<OffsetDateTime>)> {
    let r = sqlx::query!(
        r#"SELECT count(*) FILTER (WHERE status = 'firing') AS "firing!",
                  max(coalesce(ends_at, last_seen_at)) AS latest_end
           FROM alert WHERE incident_id = $1"#,
        incident_id as IncidentId
    )
    .fetch_one(&mut *tx)
    .await?;
    Ok((r.firing, r.latest_end))
}

/// Sets the mitigated milestone if it is not set; true when it was set now.
pub async fn set_mitigated(
    tx: &mut PgConnection,
    incident_id: IncidentId,
    at: OffsetDateTime,
) -> sqlx::Result<bool> {
    let done = sqlx::query!(
        "UPDATE incident SET mitigated_at = $2, version = version + 1, updated_at = now()
         WHERE id = $1 AND mitigated_at IS NULL",
        incident_id as IncidentId,
        at
    )
    .execute(&mut *tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// An incident's alerts, firing first.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentAlert {
    pub name: String,
    pub fingerprint: String,
    pub status: String,
    pub source: String,
    pub summary: String,
    pub starts_at: OffsetDateTime,
    pub ends_at: Option<OffsetDateTime>,
    pub generator_url: String,
}

// ----- the severity mapping -----

pub async fn mapping(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<(String, Severity)>> {
    let rows = sqlx::query!(
        r#"SELECT label_value, severity AS "severity: Severity" FROM severity_mapping
           ORDER BY label_value = '*', severity, label_value"#
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.label_value, r.severity))
        .collect())
}

pub async fn set_mapping(
    db: impl PgExecutor<'_>,
    label_value: &str,
    severity: Severity,
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO severity_mapping (label_value, severity) VALUES ($1, $2)
         ON CONFLICT (label_value) DO UPDATE SET severity = EXCLUDED.severity",
        label_value,
        severity.as_str()
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn delete_mapping(db: impl PgExecutor<'_>, label_value: &str) -> sqlx::Result<bool> {
    Ok(sqlx::query!(
        "DELETE FROM severity_mapping WHERE label_value = $1 AND label_value <> '*'",
        label_value
    )
    .execute(db)
    .await?
    .rows_affected()
        == 1)
}

// ----- routing rules -----

fn op(s: &str) -> Op {
    match s {
        "!=" => Op::Ne,
        "=~" => Op::Re,
        "!~" => Op::NotRe,
        _ => Op::Eq,
    }
}

/// Every rule in order. Rules are validated when saved; one that no longer parses matches
/// nothing.
pub async fn routes(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<Route>> {
    let rows = sqlx::query!(
        r#"SELECT id, position, name, matchers, action, kind AS "kind: Kind", during_maintenance
           FROM alert_route ORDER BY position, id"#
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let matchers: Vec<Matcher> = r
                .matchers
                .as_array()
                .map(|list| {
                    list.iter()
                        .filter_map(|m| {
                            Matcher::new(
                                m["label"].as_str()?,
                                op(m["op"].as_str()?),
                                m["value"].as_str()?,
                            )
                            .ok()
                        })
                        .collect()
                })
                .unwrap_or_default();
            let action = match r.action.as_str() {
                "ignore" => Action::Ignore,
                "hold" => Action::Hold,
                _ => Action::Open(r.kind),
            };
            Route {
                id: r.id,
                position: r.position,
                name: r.name,
                matchers,
                action,
                during_maintenance: r.during_maintenance,
            }
        })
        .collect())
}

/// Adds a rule after the others.
pub async fn add_route(
    db: impl PgExecutor<'_>,
    name: &str,
    matchers: &[Matcher],
    action: Action,
    during_maintenance: bool,
) -> sqlx::Result<Uuid> {
    let id = Uuid::now_v7();
    let json: Vec<Value> = matchers
        .iter()
        .map(|m| serde_json::json!({"label": m.label, "op": m.op.as_str(), "value": m.value}))
        .collect();
    let kind = match action {
        Action::Open(k) => k.map(|k| k.as_str()),
        Action::Ignore | Action::Hold => None,
    };
    sqlx::query!(
        "INSERT INTO alert_route (id, position, name, matchers, action, kind, during_maintenance)
         VALUES ($1, (SELECT coalesce(max(position), 0) + 1 FROM alert_route), $2, $3, $4, $5,
                 $6)",
        id,
        name,
        Value::Array(json),
        action.as_str(),
        kind,
        during_maintenance
    )
    .execute(db)
    .await?;
    Ok(id)
}

pub async fn delete_route(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<bool> {
    Ok(sqlx::query!("DELETE FROM alert_route WHERE id = $1", id)
        .execute(db)
        .await?
        .rows_affected()
        == 1)
}

/// Swaps a rule with its neighbour above (`up`) or below.
pub async fn move_route(tx: &mut PgConnection, id: Uuid, up: bool) -> sqlx::Result<()> {
    sqlx::query!(
        "WITH me AS (SELECT id, position FROM alert_route WHERE id = $1),
              other AS (SELECT r.id, r.position FROM alert_route r, me
                        WHERE CASE WHEN $2 THEN r.position < me.position ELSE r.position > me.position END
                        ORDER BY CASE WHEN $2 THEN -r.position ELSE r.position END LIMIT 1)
         UPDATE alert_route r SET position = CASE WHEN r.id = me.id THEN other.position ELSE me.position END
         FROM me, other WHERE r.id IN (me.id, other.id)",
        id,
        up
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// A received notification, for the admin page.
#[derive(Debug, Clone, PartialEq)]
pub struct Received {
    pub source: String,
    pub received_at: OffsetDateTime,
    pub alerts: i32,
    pub outcome: String,
}

pub async fn recent(db: impl PgExecutor<'_>, limit: i64) -> sqlx::Result<Vec<Received>> {
    sqlx::query_as!(
        Received,
        "SELECT source, received_at, alerts, outcome FROM alert_notification
         ORDER BY received_at DESC LIMIT $1",
        limit
    )
    .fetch_all(db)
    .await
}
