//! The email outbox: messages queued with what they tell, claimed and sent by a mailer.

use sqlx::{PgConnection, PgExecutor};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::domain::person::EmailKind;
use crate::i18n::Lang;

/// A message to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// What it is about, for the admin page: "test", "subscription", "role"…
    pub kind: &'static str,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub unsubscribe_url: Option<String>,
}

/// A queued message as the mailer or the admin page reads it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Queued {
    pub id: Uuid,
    pub kind: String,
    pub to_address: String,
    pub subject: String,
    pub body: String,
    pub unsubscribe_url: Option<String>,
    pub state: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: OffsetDateTime,
    pub sent_at: Option<OffsetDateTime>,
}

pub async fn enqueue(tx: &mut PgConnection, email: &Outgoing) -> sqlx::Result<Uuid> {
    let id = Uuid::now_v7();
    sqlx::query!(
        "INSERT INTO email_outbox (id, kind, to_address, subject, body, unsubscribe_url)
         VALUES ($1, $2, $3, $4, $5, $6)",
        id,
        email.kind,
        email.to,
        email.subject,
        email.body,
        email.unsubscribe_url
    )
    .execute(&mut *tx)
    .await?;
    Ok(id)
}

/// Claims up to `limit` messages due now for `lock_secs` seconds: no other instance takes
/// them meanwhile.
pub async fn claim_due(
    db: impl PgExecutor<'_>,
    limit: i64,
    lock_secs: f64,
) -> sqlx::Result<Vec<Queued>> {
    sqlx::query_as!(
        Queued,
        "UPDATE email_outbox e SET locked_until = now() + make_interval(secs => $2)
         WHERE e.id IN (
             SELECT id FROM email_outbox
             WHERE state = 'pending' AND next_attempt_at <= now()
               AND (locked_until IS NULL OR locked_until < now())
             ORDER BY next_attempt_at LIMIT $1
             FOR UPDATE SKIP LOCKED)
         RETURNING e.id, e.kind, e.to_address, e.subject, e.body, e.unsubscribe_url, e.state,
                   e.attempts, e.last_error, e.created_at, e.sent_at",
        limit,
        lock_secs
    )
    .fetch_all(db)
    .await
}

pub async fn mark_sent(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE email_outbox SET state = 'sent', sent_at = now(), attempts = attempts + 1,
                locked_until = NULL, last_error = NULL
         WHERE id = $1",
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Records a failed try: tried again after `retry_in`, or given up after `last_try` tries.
pub async fn mark_failed(
    db: impl PgExecutor<'_>,
    id: Uuid,
    error: &str,
    retry_in: time::Duration,
    last_try: i32,
) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE email_outbox
         SET attempts = attempts + 1, last_error = $2, locked_until = NULL,
             next_attempt_at = now() + make_interval(secs => $3),
             state = CASE WHEN attempts + 1 >= $4 THEN 'failed' ELSE 'pending' END
         WHERE id = $1",
        id,
        error,
        retry_in.as_seconds_f64(),
        last_try
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The newest messages, for the admin page.
pub async fn recent(db: impl PgExecutor<'_>, limit: i64) -> sqlx::Result<Vec<Queued>> {
    sqlx::query_as!(
        Queued,
        "SELECT id, kind, to_address, subject, body, unsubscribe_url, state, attempts,
                last_error, created_at, sent_at
         FROM email_outbox ORDER BY created_at DESC, id LIMIT $1",
        limit
    )
    .fetch_all(db)
    .await
}

/// `person`'s address when they want email of `kind` (and are active).
pub async fn wanted_by(
    db: impl PgExecutor<'_>,
    person: crate::domain::ids::PersonId,
    kind: EmailKind,
) -> sqlx::Result<Option<(String, Option<Lang>)>> {
    let row = sqlx::query!(
        r#"SELECT email, language AS "language: Lang" FROM person
           WHERE id = $1 AND active AND NOT ($2 = ANY(email_off))"#,
        person as crate::domain::ids::PersonId,
        kind.as_str()
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| (r.email, r.language)))
}

/// Turns off `person`'s email of the kinds in `off`, and on the others.
pub async fn set_off(
    db: impl PgExecutor<'_>,
    person: crate::domain::ids::PersonId,
    off: &[EmailKind],
) -> sqlx::Result<()> {
    let off: Vec<String> = off.iter().map(|k| k.as_str().to_owned()).collect();
    sqlx::query!(
        "UPDATE person SET email_off = $2 WHERE id = $1",
        person as crate::domain::ids::PersonId,
        &off
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The kinds of email `person` turned off.
pub async fn off(
    db: impl PgExecutor<'_>,
    person: crate::domain::ids::PersonId,
) -> sqlx::Result<Vec<EmailKind>> {
    let off: Option<Vec<String>> = sqlx::query_scalar!(
        "SELECT email_off FROM person WHERE id = $1",
        person as crate::domain::ids::PersonId
    )
    .fetch_optional(db)
    .await?;
    Ok(off
        .unwrap_or_default()
        .iter()
        .filter_map(|k| EmailKind::parse(k))
        .collect())
}
