//! The status page's subscribers, their subscribe requests (for the rate limit), and the
//! notices queued for them: emails in the email outbox, webhook deliveries in the webhook
//! outbox, one statement each however many subscribers there are.

use serde_json::Value;
use sqlx::{PgConnection, PgExecutor};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::domain::ids::ServiceId;
use crate::domain::subscription::Channel;
use crate::i18n::Lang;

/// A subscriber as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscriber {
    pub id: Uuid,
    pub channel: Channel,
    pub address: String,
    /// Empty: every component.
    pub components: Vec<ServiceId>,
    pub token: String,
    pub confirmed_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
}

struct Row {
    id: Uuid,
    kind: String,
    address: String,
    components: Vec<Uuid>,
    token: String,
    confirmed_at: Option<OffsetDateTime>,
    created_at: OffsetDateTime,
}

impl From<Row> for Subscriber {
    fn from(r: Row) -> Self {
        Subscriber {
            id: r.id,
            channel: Channel::parse(&r.kind).unwrap_or(Channel::Email),
            address: r.address,
            components: r.components.into_iter().map(ServiceId).collect(),
            token: r.token,
            confirmed_at: r.confirmed_at,
            created_at: r.created_at,
        }
    }
}

fn ids(components: &[ServiceId]) -> Vec<Uuid> {
    components.iter().map(|c| c.0).collect()
}

/// Adds a subscriber (confirmed at once when `confirmed`); `None` when the address is
/// subscribed already.
pub async fn create(
    db: impl PgExecutor<'_>,
    channel: Channel,
    address: &str,
    components: &[ServiceId],
    token: &str,
    confirmed: bool,
    language: Option<Lang>,
) -> sqlx::Result<Option<Uuid>> {
    sqlx::query_scalar!(
        "INSERT INTO status_subscriber (id, kind, address, components, token, confirmed_at,
                                        language)
         VALUES ($1, $2, $3, $4, $5, CASE WHEN $6 THEN now() END, $7)
         ON CONFLICT (kind, lower(address)) DO NOTHING
         RETURNING id",
        Uuid::now_v7(),
        channel.as_str(),
        address,
        &ids(components),
        token,
        confirmed,
        language.map(Lang::as_str)
    )
    .fetch_optional(db)
    .await
}

/// The subscriber with this address.
pub async fn by_address(
    db: impl PgExecutor<'_>,
    channel: Channel,
    address: &str,
) -> sqlx::Result<Option<Subscriber>> {
    let row = sqlx::query_as!(
        Row,
        "SELECT id, kind, address, components, token, confirmed_at, created_at
         FROM status_subscriber WHERE kind = $1 AND lower(address) = lower($2)",
        channel.as_str(),
        address
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(Into::into))
}

/// The subscriber whose links carry `token`.
pub async fn by_token(db: impl PgExecutor<'_>, token: &str) -> sqlx::Result<Option<Subscriber>> {
    let row = sqlx::query_as!(
        Row,
        "SELECT id, kind, address, components, token, confirmed_at, created_at
         FROM status_subscriber WHERE token = $1",
        token
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(Into::into))
}

/// Notes that a confirmation (or a reminder of the links) goes to `id` now, unless one went
/// in the last ten minutes: false then.
pub async fn claim_confirmation(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<bool> {
    Ok(sqlx::query!(
        "UPDATE status_subscriber SET confirmation_sent_at = now()
         WHERE id = $1 AND (confirmation_sent_at IS NULL
                            OR confirmation_sent_at < now() - interval '10 minutes')",
        id
    )
    .execute(db)
    .await?
    .rows_affected()
        == 1)
}

/// Confirms the subscriber with `token`; false when there is none.
pub async fn confirm(db: impl PgExecutor<'_>, token: &str) -> sqlx::Result<bool> {
    Ok(sqlx::query!(
        "UPDATE status_subscriber SET confirmed_at = coalesce(confirmed_at, now())
         WHERE token = $1",
        token
    )
    .execute(db)
    .await?
    .rows_affected()
        == 1)
}

/// Changes the components the subscriber with `token` hears of.
pub async fn set_components(
    db: impl PgExecutor<'_>,
    token: &str,
    components: &[ServiceId],
) -> sqlx::Result<bool> {
    Ok(sqlx::query!(
        "UPDATE status_subscriber SET components = $2 WHERE token = $1",
        token,
        &ids(components)
    )
    .execute(db)
    .await?
    .rows_affected()
        == 1)
}

/// Removes the subscriber with `token` (and its webhook); the removed one.
pub async fn remove_by_token(
    db: impl PgExecutor<'_>,
    token: &str,
) -> sqlx::Result<Option<Subscriber>> {
    let row = sqlx::query_as!(
        Row,
        "DELETE FROM status_subscriber WHERE token = $1
         RETURNING id, kind, address, components, token, confirmed_at, created_at",
        token
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(Into::into))
}

/// Removes subscriber `id`; the removed one.
pub async fn remove(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<Option<Subscriber>> {
    let row = sqlx::query_as!(
        Row,
        "DELETE FROM status_subscriber WHERE id = $1
         RETURNING id, kind, address, components, token, confirmed_at, created_at",
        id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(Into::into))
}

/// Gives webhook subscriber `id` its webhook, signing with `secret`.
pub async fn add_webhook(
    db: impl PgExecutor<'_>,
    id: Uuid,
    url: &str,
    secret: &str,
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO webhook (id, name, url, secret, events, format, active, subscriber_id)
         VALUES ($1, 'Status page subscriber', $2, $3, '{status.notice}', 'murphy', true, $4)",
        Uuid::now_v7(),
        url,
        secret,
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Subscribe requests from `client` since `since`.
pub async fn attempts(
    db: impl PgExecutor<'_>,
    client: &str,
    since: OffsetDateTime,
) -> sqlx::Result<i64> {
    sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM status_subscribe_attempt WHERE client = $1 AND at >= $2"#,
        client,
        since
    )
    .fetch_one(db)
    .await
}

pub async fn record_attempt(db: impl PgExecutor<'_>, client: &str) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO status_subscribe_attempt (client) VALUES ($1)",
        client
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Forgets subscribe requests older than `before`; how many.
pub async fn forget_attempts(db: impl PgExecutor<'_>, before: OffsetDateTime) -> sqlx::Result<u64> {
    Ok(
        sqlx::query!("DELETE FROM status_subscribe_attempt WHERE at < $1", before)
            .execute(db)
            .await?
            .rows_affected(),
    )
}

/// A subscriber as admins see it, with its webhook's delivery counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub subscriber: Subscriber,
    pub delivered: i64,
    pub pending: i64,
    pub failed: i64,
}

/// A page of subscribers, newest first, after `after` (the last one of the page before).
pub async fn page(
    db: impl PgExecutor<'_>,
    after: Option<(OffsetDateTime, Uuid)>,
    limit: i64,
) -> sqlx::Result<Vec<Listed>> {
    let (at, id) = after.unzip();
    let rows = sqlx::query!(
        r#"SELECT s.id, s.kind, s.address, s.components, s.token, s.confirmed_at, s.created_at,
                  coalesce(d.delivered, 0) AS "delivered!", coalesce(d.pending, 0) AS "pending!",
                  coalesce(d.failed, 0) AS "failed!"
           FROM status_subscriber s
           LEFT JOIN webhook w ON w.subscriber_id = s.id
           LEFT JOIN LATERAL (
               SELECT count(*) FILTER (WHERE state = 'delivered') AS delivered,
                      count(*) FILTER (WHERE state = 'pending') AS pending,
                      count(*) FILTER (WHERE state = 'failed') AS failed
               FROM webhook_delivery WHERE webhook_id = w.id) d ON w.id IS NOT NULL
           WHERE $1::timestamptz IS NULL OR (s.created_at, s.id) < ($1, $2)
           ORDER BY s.created_at DESC, s.id DESC
           LIMIT $3"#,
        at,
        id,
        limit
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Listed {
            subscriber: Row {
                id: r.id,
                kind: r.kind,
                address: r.address,
                components: r.components,
                token: r.token,
                confirmed_at: r.confirmed_at,
                created_at: r.created_at,
            }
            .into(),
            delivered: r.delivered,
            pending: r.pending,
            failed: r.failed,
        })
        .collect())
}

/// How many subscribers there are: (confirmed email, unconfirmed email, webhook).
pub async fn counts(db: impl PgExecutor<'_>) -> sqlx::Result<(i64, i64, i64)> {
    let r = sqlx::query!(
        r#"SELECT count(*) FILTER (WHERE kind = 'email' AND confirmed_at IS NOT NULL) AS "confirmed!",
                  count(*) FILTER (WHERE kind = 'email' AND confirmed_at IS NULL) AS "unconfirmed!",
                  count(*) FILTER (WHERE kind = 'webhook') AS "webhooks!"
           FROM status_subscriber"#
    )
    .fetch_one(db)
    .await?;
    Ok((r.confirmed, r.unconfirmed, r.webhooks))
}

/// What the email to each subscriber says: `head`, then the subscriber's own links.
pub struct Mailing<'a> {
    pub subject: &'a str,
    pub head: &'a str,
    /// The start of every subscriber's links: `https://status.example.com/status/subscription/`.
    pub links: &'a str,
    pub footer: &'a str,
    /// The language it is written in: it goes to the subscribers who read it.
    pub lang: Lang,
}

/// Queues `mailing` for every confirmed email subscriber who hears of `components` and
/// reads its language (those who chose none read `default`); how many were queued.
pub async fn mail(
    tx: &mut PgConnection,
    mailing: &Mailing<'_>,
    components: &[ServiceId],
    default: Lang,
) -> sqlx::Result<u64> {
    Ok(sqlx::query!(
        r#"INSERT INTO email_outbox (id, kind, to_address, subject, body, unsubscribe_url)
           SELECT gen_random_uuid(), 'status', s.address, $1,
                  $2 || E'\n\n-- \n' || $4 || E'\n' || $6 || ' ' || $3 || s.token
                     || E'\n' || $7 || ' ' || $3 || s.token || E'/unsubscribe\n',
                  $3 || s.token || '/unsubscribe'
           FROM status_subscriber s
           WHERE s.kind = 'email' AND s.confirmed_at IS NOT NULL
             AND (s.components = '{}' OR s.components && $5)
             AND coalesce(s.language, $8) = $9"#,
        mailing.subject,
        mailing.head,
        mailing.links,
        mailing.footer,
        &ids(components),
        mailing.lang.t("sub-mail-choose"),
        mailing.lang.t("sub-mail-unsubscribe"),
        default.as_str(),
        mailing.lang.as_str(),
    )
    .execute(&mut *tx)
    .await?
    .rows_affected())
}

/// Queues `payload` for every webhook subscriber who hears of `components`, each with its
/// own unsubscribe link under `meta`, and wakes the senders; how many were queued.
pub async fn post(
    tx: &mut PgConnection,
    payload: &Value,
    links: &str,
    components: &[ServiceId],
) -> sqlx::Result<u64> {
    let queued = sqlx::query!(
        r#"INSERT INTO webhook_delivery (id, webhook_id, event, payload)
           SELECT gen_random_uuid(), w.id, 'status.notice',
                  jsonb_set($1, '{meta,unsubscribe}', to_jsonb($2 || s.token || '/unsubscribe'))
           FROM status_subscriber s JOIN webhook w ON w.subscriber_id = s.id
           WHERE s.kind = 'webhook' AND w.active
             AND (s.components = '{}' OR s.components && $3)"#,
        payload,
        links,
        &ids(components)
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

/// Every subscriber, for the admins' CSV, `limit` at a time after `after`.
pub async fn export_page(
    db: impl PgExecutor<'_>,
    after: Option<(OffsetDateTime, Uuid)>,
    limit: i64,
) -> sqlx::Result<Vec<Subscriber>> {
    let (at, id) = after.unzip();
    let rows = sqlx::query_as!(
        Row,
        "SELECT id, kind, address, components, token, confirmed_at, created_at
         FROM status_subscriber
         WHERE $1::timestamptz IS NULL OR (created_at, id) < ($1, $2)
         ORDER BY created_at DESC, id DESC LIMIT $3",
        at,
        id,
        limit
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}
