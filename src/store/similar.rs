//! Incidents like another (migration 0033): the same services, the same alerts (by
//! fingerprint or name), a similar title (trigram distance); with what their post-mortems
//! learned. One statement; each source of candidates is bounded by its own index.

use sqlx::PgExecutor;
use time::OffsetDateTime;

use crate::domain::ids::IncidentId;
use crate::domain::incident::{Severity, Status};
use crate::domain::postmortem::State as PostmortemState;

/// How many similar incidents are shown.
pub const SHOWN: i64 = 5;

/// An incident like the one asked about, and why.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Similar {
    pub number: i64,
    pub title: String,
    pub severity: Severity,
    pub status: Status,
    pub impact_started_at: OffsetDateTime,
    /// The services both affected.
    pub shared_services: Vec<String>,
    /// Whether one of the same alerts (fingerprint or name) fired.
    pub same_alert: bool,
    /// How alike the titles are, from 0 to 1.
    pub title_similarity: f32,
    pub postmortem: Option<PostmortemState>,
    /// The published post-mortem's summary, shortened.
    pub summary: Option<String>,
    /// Its action items still open or in progress, soonest due first (at most three).
    pub open_actions: Vec<String>,
}

/// Up to [`SHOWN`] incidents most like `id`, never restricted ones (the list is shared by
/// everyone who sees the incident).
pub async fn like(db: impl PgExecutor<'_>, id: IncidentId) -> sqlx::Result<Vec<Similar>> {
    sqlx::query_as::<_, Similar>(
        "WITH me AS (SELECT id, title, service_names FROM incident WHERE id = $1),
         -- The title is a value of the statement (an init plan), so the nearest titles
         -- come from the trigram index in distance order.
         by_title AS (
             SELECT i.id, similarity(i.title, (SELECT title FROM me)) AS s
             FROM incident i
             WHERE i.id <> $1
             ORDER BY i.title <-> (SELECT title FROM me) LIMIT 50),
         by_service AS (
             SELECT x.incident_id AS id, count(*) AS n
             FROM incident_service mine
             CROSS JOIN LATERAL (
                 SELECT y.incident_id FROM incident_service y
                 WHERE y.service_id = mine.service_id AND y.incident_id <> $1
                 ORDER BY y.incident_id DESC LIMIT 200) x
             WHERE mine.incident_id = $1
             GROUP BY x.incident_id),
         by_alert AS (
             SELECT DISTINCT a.incident_id AS id
             FROM alert mine JOIN alert a
               ON a.fingerprint = mine.fingerprint OR (mine.name <> '' AND a.name = mine.name)
             WHERE mine.incident_id = $1 AND a.incident_id <> $1
             LIMIT 200),
         scored AS (
             SELECT c.id, sum(c.score) AS score, bool_or(c.alert) AS same_alert,
                    max(c.s) AS title_similarity
             FROM (SELECT id, s * 4 AS score, false AS alert, s FROM by_title WHERE s >= 0.3
                   UNION ALL SELECT id, n * 1.5, false, 0 FROM by_service
                   UNION ALL SELECT id, 5, true, 0 FROM by_alert) c
             GROUP BY c.id)
         SELECT i.number, i.title, i.severity, i.status, i.impact_started_at,
                ARRAY(SELECT unnest(i.service_names) INTERSECT SELECT unnest(me.service_names)
                      ORDER BY 1) AS shared_services,
                sc.same_alert, sc.title_similarity::float4 AS title_similarity,
                p.state AS postmortem,
                CASE WHEN p.state = 'published'
                     THEN left(coalesce(nullif(p.sections -> 'summary' ->> 'text', ''),
                                        p.sections -> (p.template #>> '{sections,0,key}')
                                                   ->> 'text'), 280) END AS summary,
                ARRAY(SELECT a.title FROM action_item a
                      WHERE a.incident_id = i.id AND a.status IN ('open', 'in_progress')
                      ORDER BY a.due_on NULLS LAST, a.created_at LIMIT 3) AS open_actions
         FROM scored sc
         JOIN incident i ON i.id = sc.id AND NOT i.restricted
         CROSS JOIN me
         LEFT JOIN postmortem p ON p.incident_id = i.id
         ORDER BY sc.score + CASE WHEN p.state = 'published' THEN 0.5 ELSE 0 END DESC,
                  i.number DESC
         LIMIT $2",
    )
    .bind(id)
    .bind(SHOWN)
    .fetch_all(db)
    .await
}
