//! Sign-in sessions and failed sign-in records.

use sqlx::PgExecutor;
use time::{Duration, OffsetDateTime};

use crate::domain::ids::PersonId;
use crate::domain::person::{Person, Role};
use crate::i18n::Lang;

/// A live session and its owner.
#[derive(Debug, Clone)]
pub struct SessionRow {
    pub person: Person,
    pub csrf_token: String,
    pub last_seen_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}

pub async fn create(
    db: impl PgExecutor<'_>,
    id_hash: &[u8],
    person_id: PersonId,
    csrf_token: &str,
    expires_at: OffsetDateTime,
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO session (id_hash, person_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)",
        id_hash,
        person_id as PersonId,
        csrf_token,
        expires_at
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The session with this digest, if it has been used within `idle` and has not reached its
/// absolute expiry, and its owner is active.
pub async fn load(
    db: impl PgExecutor<'_>,
    id_hash: &[u8],
    idle: Duration,
) -> sqlx::Result<Option<SessionRow>> {
    let cutoff = OffsetDateTime::now_utc() - idle;
    let row = sqlx::query!(
        r#"SELECT p.id AS "id: PersonId", p.email, p.display_name, p.role AS "role: Role", p.active, p.version,
                  p.created_at, p.language AS "language: Lang", s.csrf_token, s.last_seen_at, s.expires_at
           FROM session s JOIN person p ON p.id = s.person_id
           WHERE s.id_hash = $1 AND s.expires_at > now() AND s.last_seen_at > $2 AND p.active"#,
        id_hash,
        cutoff
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| SessionRow {
        person: Person {
            id: r.id,
            email: r.email,
            display_name: r.display_name,
            role: r.role,
            active: r.active,
            version: r.version,
            created_at: r.created_at,
            language: r.language,
        },
        csrf_token: r.csrf_token,
        last_seen_at: r.last_seen_at,
        expires_at: r.expires_at,
    }))
}

/// Marks the session used now (called at most once a minute per session).
pub async fn touch(db: impl PgExecutor<'_>, id_hash: &[u8]) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE session SET last_seen_at = now() WHERE id_hash = $1",
        id_hash
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn delete(db: impl PgExecutor<'_>, id_hash: &[u8]) -> sqlx::Result<()> {
    sqlx::query!("DELETE FROM session WHERE id_hash = $1", id_hash)
        .execute(db)
        .await?;
    Ok(())
}

/// Ends every session of the person but the one with `keep` as its digest.
pub async fn delete_others(
    db: impl PgExecutor<'_>,
    person_id: PersonId,
    keep: &[u8],
) -> sqlx::Result<()> {
    sqlx::query!(
        "DELETE FROM session WHERE person_id = $1 AND id_hash <> $2",
        person_id as PersonId,
        keep
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Signs a person out everywhere (on deactivation).
pub async fn delete_for(db: impl PgExecutor<'_>, person_id: PersonId) -> sqlx::Result<()> {
    sqlx::query!(
        "DELETE FROM session WHERE person_id = $1",
        person_id as PersonId
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Deletes sessions past their absolute expiry or unused for `idle`, and sign-in failures
/// older than `failures_before`; returns how many rows went.
pub async fn clean(
    db: impl PgExecutor<'_> + Copy,
    idle: Duration,
    failures_before: OffsetDateTime,
) -> sqlx::Result<u64> {
    let cutoff = OffsetDateTime::now_utc() - idle;
    let sessions = sqlx::query!(
        "DELETE FROM session WHERE expires_at < now() OR last_seen_at < $1",
        cutoff
    )
    .execute(db)
    .await?;
    let failures = sqlx::query!("DELETE FROM sign_in_failure WHERE at < $1", failures_before)
        .execute(db)
        .await?;
    Ok(sessions.rows_affected() + failures.rows_affected())
}

/// Failed sign-ins since `since`: for this email (as typed, lowercased) from this client,
/// from this client for any email, and for this email from anywhere.
pub struct Failures {
    pub pair: i64,
    pub client: i64,
    pub account: i64,
}

pub async fn recent_failures(
    db: impl PgExecutor<'_>,
    email: &str,
    client: &str,
    since: OffsetDateTime,
) -> sqlx::Result<Failures> {
    sqlx::query_as!(
        Failures,
        r#"SELECT
             (SELECT count(*) FROM sign_in_failure
              WHERE email = $1 AND client = $2 AND at > $3) AS "pair!",
             (SELECT count(*) FROM sign_in_failure WHERE client = $2 AND at > $3) AS "client!",
             (SELECT count(*) FROM sign_in_failure WHERE email = $1 AND at > $3) AS "account!""#,
        email,
        client,
        since
    )
    .fetch_one(db)
    .await
}

pub async fn record_failure(
    db: impl PgExecutor<'_>,
    email: &str,
    client: &str,
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO sign_in_failure (email, client) VALUES ($1, $2)",
        email,
        client
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Forgets the failures for this account from this client after it signs in there, and
/// every failure older than `before`. Failures from elsewhere still count: a guesser
/// gains nothing when the account's owner signs in.
pub async fn clear_failures(
    db: impl PgExecutor<'_>,
    email: &str,
    client: &str,
    before: OffsetDateTime,
) -> sqlx::Result<()> {
    sqlx::query!(
        "DELETE FROM sign_in_failure WHERE (email = $1 AND client = $2) OR at < $3",
        email,
        client,
        before
    )
    .execute(db)
    .await?;
    Ok(())
}
