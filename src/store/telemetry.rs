//! Gauges read from the database for `/metrics`.

use sqlx::PgPool;

use crate::domain::ids::PersonId;
use crate::domain::incident::Visibility;

/// One round trip: the database answers.
pub async fn ping(db: &PgPool) -> sqlx::Result<()> {
    sqlx::query_scalar!(r#"SELECT 1 AS "one!""#)
        .fetch_one(db)
        .await?;
    Ok(())
}

/// What `/metrics` counts in the database.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Counts {
    /// Open incidents by severity, every severity listed.
    pub open_incidents: Vec<(String, i64)>,
    /// Webhook deliveries by state: pending and failed.
    pub deliveries: Vec<(String, i64)>,
}

/// Open incidents by severity (every severity listed, zero included) and webhook deliveries
/// waiting or given up on: two statements.
pub async fn counts(db: &PgPool, viewer: Visibility) -> sqlx::Result<Counts> {
    let open = sqlx::query!(
        r#"SELECT s.severity AS "severity!", count(i.id) AS "n!"
           FROM unnest(ARRAY['SEV1', 'SEV2', 'SEV3', 'SEV4']) AS s(severity)
           LEFT JOIN visible_incident($1, $2) i
             ON i.severity = s.severity AND i.status IN ('investigating', 'identified', 'monitoring')
           GROUP BY s.severity ORDER BY s.severity"#,
        viewer.all,
        viewer.person_id as Option<PersonId>
    )
    .fetch_all(db)
    .await?;
    let deliveries = sqlx::query!(
        r#"SELECT s.state AS "state!", count(d.id) AS "n!"
           FROM unnest(ARRAY['pending', 'failed']) AS s(state)
           LEFT JOIN webhook_delivery d ON d.state = s.state
           GROUP BY s.state ORDER BY s.state"#
    )
    .fetch_all(db)
    .await?;
    Ok(Counts {
        open_incidents: open.into_iter().map(|r| (r.severity, r.n)).collect(),
        deliveries: deliveries.into_iter().map(|r| (r.state, r.n)).collect(),
    })
}
