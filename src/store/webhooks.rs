//! Webhooks, their outbox of deliveries, and each attempt's outcome.

use serde_json::Value;
use sqlx::{PgConnection, PgExecutor};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::domain::ids::WebhookId;
use crate::domain::webhook::{Event, Format, Webhook, WebhookFields};

/// The channel notified when deliveries are queued (the statements below spell it out:
/// checked queries take only literal SQL).
pub const QUEUE_CHANNEL: &str = "murphy_webhooks";

/// Queues `payload` for every active webhook that wants `event`, in the transaction of the
/// change it reports (so a delivery exists exactly when the change does), and wakes the
/// senders. Returns how many were queued.
pub async fn enqueue(tx: &mut PgConnection, event: Event, payload: &Value) -> sqlx::Result<u64> {
    let queued = sqlx::query!(
        "INSERT INTO webhook_delivery (id, webhook_id, event, payload)
         SELECT gen_random_uuid(), w.id, $1, $2 FROM webhook w
         WHERE w.active AND $1 = ANY(w.events) AND w.subscriber_id IS NULL",
        event.as_str(),
        payload
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if queued > 0 {
        sqlx::query!("SELECT pg_notify('murphy_webhooks', '')")
            .execute(&mut *tx)
            .await?;
    }
    Ok(queued)
}

/// A webhook row with its delivery counts, as both queries below return it.
struct WebhookRow {
    id: WebhookId,
    name: String,
    url: String,
    events: Vec<String>,
    format: Format,
    active: bool,
    version: i32,
    created_at: OffsetDateTime,
    project: String,
    has_token: bool,
    pending: i64,
    delivered: i64,
    failed: i64,
}

impl From<WebhookRow> for Webhook {
    fn from(r: WebhookRow) -> Self {
        Webhook {
            id: r.id,
            name: r.name,
            url: r.url,
            events: r.events,
            format: r.format,
            active: r.active,
            version: r.version,
            created_at: r.created_at,
            project: r.project,
            has_token: r.has_token,
            pending: r.pending,
            delivered: r.delivered,
            failed: r.failed,
        }
    }
}

/// Every webhook, by name, with its delivery counts.
pub async fn list(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<Webhook>> {
    let rows = sqlx::query_as!(
        WebhookRow,
        r#"SELECT w.id AS "id: WebhookId", w.name, w.url, w.events, w.format AS "format: Format", w.active, w.version, w.created_at,
                  w.project, w.token <> '' AS "has_token!",
                  count(d.id) FILTER (WHERE d.state = 'pending') AS "pending!",
                  count(d.id) FILTER (WHERE d.state = 'delivered') AS "delivered!",
                  count(d.id) FILTER (WHERE d.state = 'failed') AS "failed!"
           FROM webhook w LEFT JOIN webhook_delivery d ON d.webhook_id = w.id
           WHERE w.subscriber_id IS NULL
           GROUP BY w.id ORDER BY lower(w.name), w.id"#
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

pub async fn get(db: impl PgExecutor<'_>, id: WebhookId) -> sqlx::Result<Option<Webhook>> {
    let row = sqlx::query_as!(
        WebhookRow,
        r#"SELECT w.id AS "id: WebhookId", w.name, w.url, w.events, w.format AS "format: Format", w.active, w.version, w.created_at,
                  w.project, w.token <> '' AS "has_token!",
                  count(d.id) FILTER (WHERE d.state = 'pending') AS "pending!",
                  count(d.id) FILTER (WHERE d.state = 'delivered') AS "delivered!",
                  count(d.id) FILTER (WHERE d.state = 'failed') AS "failed!"
           FROM webhook w LEFT JOIN webhook_delivery d ON d.webhook_id = w.id
           WHERE w.id = $1 AND w.subscriber_id IS NULL GROUP BY w.id"#,
        id as WebhookId
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(Into::into))
}

fn event_names(fields: &WebhookFields) -> Vec<String> {
    fields
        .events
        .iter()
        .map(|e| e.as_str().to_owned())
        .collect()
}

pub async fn create(
    db: impl PgExecutor<'_>,
    fields: &WebhookFields,
    secret: &str,
) -> sqlx::Result<WebhookId> {
    let id = WebhookId::new();
    sqlx::query!(
        "INSERT INTO webhook (id, name, url, secret, events, format, active, token, project)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        id as WebhookId,
        fields.name,
        fields.url,
        secret,
        &event_names(fields),
        fields.format.as_str(),
        fields.active,
        fields.token,
        fields.project
    )
    .execute(db)
    .await?;
    Ok(id)
}

/// Saves new fields if `version` is current; `None` when someone changed it meanwhile.
pub async fn update(
    db: impl PgExecutor<'_>,
    id: WebhookId,
    version: i32,
    fields: &WebhookFields,
) -> sqlx::Result<Option<i32>> {
    sqlx::query_scalar!(
        "UPDATE webhook SET name = $3, url = $4, events = $5, format = $6, active = $7,
                token = CASE WHEN $8 = '' THEN token ELSE $8 END, project = $9,
                version = version + 1
         WHERE id = $1 AND version = $2 AND subscriber_id IS NULL RETURNING version",
        id as WebhookId,
        version,
        fields.name,
        fields.url,
        &event_names(fields),
        fields.format.as_str(),
        fields.active,
        fields.token,
        fields.project
    )
    .fetch_optional(db)
    .await
}

pub async fn delete(db: impl PgExecutor<'_>, id: WebhookId) -> sqlx::Result<bool> {
    Ok(sqlx::query!(
        "DELETE FROM webhook WHERE id = $1 AND subscriber_id IS NULL",
        id as WebhookId
    )
    .execute(db)
    .await?
    .rows_affected()
        == 1)
}

/// A delivery and its attempts, for the admin page.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    pub id: Uuid,
    pub event: String,
    pub state: String,
    pub attempts: i32,
    pub next_attempt_at: OffsetDateTime,
    pub created_at: OffsetDateTime,
    pub finished_at: Option<OffsetDateTime>,
    pub payload: Value,
    pub tries: Vec<Attempt>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    pub delivery_id: Uuid,
    pub attempted_at: OffsetDateTime,
    pub status_code: Option<i32>,
    pub response: String,
    pub error: String,
    pub duration_ms: i32,
}

/// The newest `limit` deliveries of a webhook with all their attempts: two statements.
pub async fn deliveries(
    db: &mut PgConnection,
    webhook_id: WebhookId,
    limit: i64,
) -> sqlx::Result<Vec<Delivery>> {
    let rows = sqlx::query!(
        "SELECT id, event, state, attempts, next_attempt_at, created_at, finished_at, payload
         FROM webhook_delivery WHERE webhook_id = $1
         ORDER BY created_at DESC, id DESC LIMIT $2",
        webhook_id as WebhookId,
        limit
    )
    .fetch_all(&mut *db)
    .await?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let attempts = sqlx::query_as!(
        Attempt,
        "SELECT delivery_id, attempted_at, status_code, response, error, duration_ms
         FROM webhook_attempt WHERE delivery_id = ANY($1) ORDER BY attempted_at, id",
        &ids
    )
    .fetch_all(&mut *db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Delivery {
            tries: attempts
                .iter()
                .filter(|a| a.delivery_id == r.id)
                .cloned()
                .collect(),
            id: r.id,
            event: r.event,
            state: r.state,
            attempts: r.attempts,
            next_attempt_at: r.next_attempt_at,
            created_at: r.created_at,
            finished_at: r.finished_at,
            payload: r.payload,
        })
        .collect())
}

/// A delivery claimed for sending.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub id: Uuid,
    pub event: String,
    pub payload: Value,
    pub attempts: i32,
    pub url: String,
    pub secret: String,
    pub format: String,
    /// A status page subscriber's webhook: sent only where subscribers may send.
    pub subscriber: bool,
    /// A tracker's API token and Jira's project key.
    pub token: String,
    pub project: String,
}

/// Claims up to `limit` due deliveries for `lease_seconds`: other instances skip them until
/// the lease ends, and a crash mid-send only delays them by that much.
pub async fn claim_due(
    db: impl PgExecutor<'_>,
    limit: i64,
    lease_seconds: f64,
) -> sqlx::Result<Vec<Claimed>> {
    sqlx::query_as!(
        Claimed,
        "UPDATE webhook_delivery d SET locked_until = now() + make_interval(secs => $2)
         FROM webhook w
         WHERE w.id = d.webhook_id AND d.id IN (
             SELECT x.id FROM webhook_delivery x JOIN webhook y ON y.id = x.webhook_id
             WHERE x.state = 'pending' AND x.next_attempt_at <= now() AND y.active
               AND (x.locked_until IS NULL OR x.locked_until < now())
             ORDER BY x.next_attempt_at LIMIT $1
             FOR UPDATE OF x SKIP LOCKED)
         RETURNING d.id, d.event, d.payload, d.attempts, w.url, w.secret, w.format,
                   w.subscriber_id IS NOT NULL AS \"subscriber!\", w.token, w.project",
        limit,
        lease_seconds
    )
    .fetch_all(db)
    .await
}

/// How an attempt ended for its delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum After {
    Delivered,
    RetryAt(OffsetDateTime),
    GiveUp,
}

/// Records an attempt and moves its delivery on, in one transaction.
pub async fn record_attempt(
    tx: &mut PgConnection,
    delivery_id: Uuid,
    status_code: Option<i32>,
    response: &str,
    error: &str,
    duration_ms: i32,
    after: After,
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO webhook_attempt (id, delivery_id, status_code, response, error, duration_ms)
         VALUES ($1, $2, $3, $4, $5, $6)",
        Uuid::now_v7(),
        delivery_id,
        status_code,
        response,
        error,
        duration_ms
    )
    .execute(&mut *tx)
    .await?;
    let (state, next) = match after {
        After::Delivered => ("delivered", None),
        After::RetryAt(at) => ("pending", Some(at)),
        After::GiveUp => ("failed", None),
    };
    sqlx::query!(
        "UPDATE webhook_delivery SET attempts = attempts + 1, state = $2, locked_until = NULL,
                next_attempt_at = coalesce($3, next_attempt_at),
                finished_at = CASE WHEN $2 = 'pending' THEN NULL ELSE now() END
         WHERE id = $1",
        delivery_id,
        state,
        next
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Sends a failed delivery again at once.
pub async fn retry_now(
    db: impl PgExecutor<'_>,
    webhook_id: WebhookId,
    delivery_id: Uuid,
) -> sqlx::Result<bool> {
    Ok(sqlx::query!(
        "UPDATE webhook_delivery SET state = 'pending', next_attempt_at = now(), locked_until = NULL,
                finished_at = NULL
         WHERE id = $1 AND webhook_id = $2 AND state = 'failed'",
        delivery_id,
        webhook_id as WebhookId
    )
    .execute(db)
    .await?
    .rows_affected()
        == 1)
}

/// Queues one delivery to one webhook (a test ping, say), whatever its events.
pub async fn enqueue_to(
    tx: &mut PgConnection,
    webhook_id: WebhookId,
    event: &str,
    payload: &Value,
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO webhook_delivery (id, webhook_id, event, payload) VALUES ($1, $2, $3, $4)",
        Uuid::now_v7(),
        webhook_id as WebhookId,
        event,
        payload
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!("SELECT pg_notify('murphy_webhooks', '')")
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Forgets delivered deliveries (and their attempts) finished before `before`.
pub async fn clean(db: impl PgExecutor<'_>, before: OffsetDateTime) -> sqlx::Result<u64> {
    Ok(sqlx::query!(
        "DELETE FROM webhook_delivery WHERE state = 'delivered' AND finished_at < $1",
        before
    )
    .execute(db)
    .await?
    .rows_affected())
}

/// The active trackers' webhooks of one format: their secrets, which sign what the tracker
/// sends back.
pub async fn tracker_secrets(db: impl PgExecutor<'_>, format: Format) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar!(
        "SELECT secret FROM webhook WHERE format = $1 AND active AND subscriber_id IS NULL",
        format.as_str()
    )
    .fetch_all(db)
    .await
}
