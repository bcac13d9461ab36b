//! Single sign-on's rows: sign-ins under way, people's identities at the provider, the
//! latest attempts for admins, and sessions begun at the provider.

use sqlx::PgExecutor;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::domain::ids::PersonId;

/// A sign-in under way, as the callback takes it back.
pub struct Pending {
    pub pkce_verifier: String,
    pub nonce: String,
    pub next: String,
    pub created_at: OffsetDateTime,
}

pub async fn begin(
    db: impl PgExecutor<'_>,
    state_digest: &[u8],
    pkce_verifier: &str,
    nonce: &str,
    next: &str,
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO oidc_login (state_digest, pkce_verifier, nonce, next) VALUES ($1, $2, $3, $4)",
        state_digest,
        pkce_verifier,
        nonce,
        next
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Takes the sign-in with this state away (so it is used once).
pub async fn take(db: impl PgExecutor<'_>, state_digest: &[u8]) -> sqlx::Result<Option<Pending>> {
    sqlx::query_as!(
        Pending,
        "DELETE FROM oidc_login WHERE state_digest = $1
         RETURNING pkce_verifier, nonce, next, created_at",
        state_digest
    )
    .fetch_optional(db)
    .await
}

/// Forgets sign-ins begun before `before` and never finished.
pub async fn forget_pending(db: impl PgExecutor<'_>, before: OffsetDateTime) -> sqlx::Result<u64> {
    Ok(
        sqlx::query!("DELETE FROM oidc_login WHERE created_at < $1", before)
            .execute(db)
            .await?
            .rows_affected(),
    )
}

/// The person linked to `subject` at `issuer`.
pub async fn linked(
    db: impl PgExecutor<'_>,
    issuer: &str,
    subject: &str,
) -> sqlx::Result<Option<PersonId>> {
    sqlx::query_scalar!(
        r#"SELECT person_id AS "id: PersonId" FROM person_identity
           WHERE issuer = $1 AND subject = $2"#,
        issuer,
        subject
    )
    .fetch_optional(db)
    .await
}

pub async fn link(
    db: impl PgExecutor<'_>,
    issuer: &str,
    subject: &str,
    person: PersonId,
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO person_identity (issuer, subject, person_id) VALUES ($1, $2, $3)
         ON CONFLICT (issuer, subject) DO NOTHING",
        issuer,
        subject,
        person as PersonId
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Whether an admin pinned `person`'s role.
pub async fn role_pinned(db: impl PgExecutor<'_>, person: PersonId) -> sqlx::Result<bool> {
    Ok(sqlx::query_scalar!(
        "SELECT role_pinned FROM person WHERE id = $1",
        person as PersonId
    )
    .fetch_optional(db)
    .await?
    .unwrap_or(false))
}

pub async fn set_role_pinned(
    db: impl PgExecutor<'_>,
    person: PersonId,
    pinned: bool,
) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE person SET role_pinned = $2 WHERE id = $1",
        person as PersonId,
        pinned
    )
    .execute(db)
    .await?;
    Ok(())
}

/// A sign-in attempt as admins read it.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub at: OffsetDateTime,
    pub ok: bool,
    pub reason: String,
    pub email: String,
    pub claims: serde_json::Value,
}

/// Records an attempt, keeping the newest hundred.
pub async fn record_attempt(
    db: impl PgExecutor<'_>,
    ok: bool,
    reason: &str,
    email: &str,
    claims: &serde_json::Value,
) -> sqlx::Result<()> {
    sqlx::query!(
        "WITH added AS (
             INSERT INTO sso_attempt (id, ok, reason, email, claims) VALUES ($1, $2, $3, $4, $5))
         DELETE FROM sso_attempt
         WHERE id IN (SELECT id FROM sso_attempt ORDER BY at DESC, id DESC OFFSET 99)",
        Uuid::now_v7(),
        ok,
        reason,
        email,
        claims
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The newest attempts.
pub async fn attempts(db: impl PgExecutor<'_>, limit: i64) -> sqlx::Result<Vec<Attempt>> {
    sqlx::query_as!(
        Attempt,
        "SELECT at, ok, reason, email, claims FROM sso_attempt ORDER BY at DESC, id DESC LIMIT $1",
        limit
    )
    .fetch_all(db)
    .await
}

/// Starts a session begun at the provider.
pub async fn create_session(
    db: impl PgExecutor<'_>,
    id_hash: &[u8],
    person: PersonId,
    csrf_token: &str,
    expires_at: OffsetDateTime,
    sid: Option<&str>,
    id_token: &str,
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO session (id_hash, person_id, csrf_token, expires_at, sso_sid, id_token)
         VALUES ($1, $2, $3, $4, $5, $6)",
        id_hash,
        person as PersonId,
        csrf_token,
        expires_at,
        sid,
        id_token
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The ID token of the session with this digest, when it began at the provider.
pub async fn id_token(db: impl PgExecutor<'_>, id_hash: &[u8]) -> sqlx::Result<Option<String>> {
    Ok(
        sqlx::query_scalar!("SELECT id_token FROM session WHERE id_hash = $1", id_hash)
            .fetch_optional(db)
            .await?
            .flatten(),
    )
}

/// Ends the sessions begun at the provider's session `sid`; how many.
pub async fn end_sessions_of_sid(db: impl PgExecutor<'_>, sid: &str) -> sqlx::Result<u64> {
    Ok(sqlx::query!("DELETE FROM session WHERE sso_sid = $1", sid)
        .execute(db)
        .await?
        .rows_affected())
}

/// Ends every session of `person` begun at the provider; how many.
pub async fn end_provider_sessions(db: impl PgExecutor<'_>, person: PersonId) -> sqlx::Result<u64> {
    Ok(sqlx::query!(
        "DELETE FROM session WHERE person_id = $1 AND id_token IS NOT NULL",
        person as PersonId
    )
    .execute(db)
    .await?
    .rows_affected())
}

/// Everyone whose role an admin pinned.
pub async fn pinned_people(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<PersonId>> {
    sqlx::query_scalar!(r#"SELECT id AS "id: PersonId" FROM person WHERE role_pinned"#)
        .fetch_all(db)
        .await
}
