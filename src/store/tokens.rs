//! API tokens. Only their SHA-256 digest is stored.

use sqlx::PgExecutor;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::domain::ids::PersonId;
use crate::domain::person::{Person, Role};
use crate::i18n::Lang;

/// A token as its owner sees it in the list.
#[derive(Debug, Clone)]
pub struct ApiToken {
    pub id: Uuid,
    pub name: String,
    pub prefix: String,
    pub created_at: OffsetDateTime,
    pub last_used_at: Option<OffsetDateTime>,
    pub revoked_at: Option<OffsetDateTime>,
    /// What it may do: none listed, everything its owner may (see `domain::token`).
    pub scopes: Vec<String>,
    pub expires_at: Option<OffsetDateTime>,
}

pub async fn create(
    db: impl PgExecutor<'_>,
    person_id: PersonId,
    name: &str,
    digest: &[u8],
    prefix: &str,
    scopes: &[String],
    expires_at: Option<OffsetDateTime>,
) -> sqlx::Result<ApiToken> {
    sqlx::query_as!(
        ApiToken,
        "INSERT INTO api_token (id, person_id, name, token_hash, prefix, scopes, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING id, name, prefix, created_at, last_used_at, revoked_at, scopes, expires_at",
        Uuid::now_v7(),
        person_id as PersonId,
        name,
        digest,
        prefix,
        scopes,
        expires_at
    )
    .fetch_one(db)
    .await
}

/// A person's tokens, newest first.
pub async fn list(db: impl PgExecutor<'_>, person_id: PersonId) -> sqlx::Result<Vec<ApiToken>> {
    sqlx::query_as!(
        ApiToken,
        "SELECT id, name, prefix, created_at, last_used_at, revoked_at, scopes, expires_at
         FROM api_token WHERE person_id = $1 ORDER BY created_at DESC LIMIT 200",
        person_id as PersonId
    )
    .fetch_all(db)
    .await
}

/// Revokes one of `person_id`'s tokens; returns it, or `None` if it is not theirs or
/// already revoked.
pub async fn revoke(
    db: impl PgExecutor<'_>,
    person_id: PersonId,
    id: Uuid,
) -> sqlx::Result<Option<ApiToken>> {
    sqlx::query_as!(
        ApiToken,
        "UPDATE api_token SET revoked_at = now()
         WHERE id = $1 AND person_id = $2 AND revoked_at IS NULL
         RETURNING id, name, prefix, created_at, last_used_at, revoked_at, scopes, expires_at",
        id,
        person_id as PersonId
    )
    .fetch_optional(db)
    .await
}

/// An unrevoked token of an active person, as a request is checked against it.
#[derive(Debug, Clone)]
pub struct Found {
    pub person: Person,
    pub token_id: Uuid,
    pub last_used_at: Option<OffsetDateTime>,
    pub scopes: Vec<String>,
    pub expires_at: Option<OffsetDateTime>,
}

/// The active owner of an unrevoked token, with the token's id, last use, scopes and
/// expiry (which the caller checks: a cached copy outlives its reading).
pub async fn authenticate(db: impl PgExecutor<'_>, digest: &[u8]) -> sqlx::Result<Option<Found>> {
    let row = sqlx::query!(
        r#"SELECT p.id AS "id: PersonId", p.email, p.display_name, p.role AS "role: Role", p.active, p.version,
                  p.created_at, p.language AS "language: Lang", t.id AS token_id, t.last_used_at, t.scopes, t.expires_at
           FROM api_token t JOIN person p ON p.id = t.person_id
           WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND p.active"#,
        digest
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| Found {
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
        token_id: r.token_id,
        last_used_at: r.last_used_at,
        scopes: r.scopes,
        expires_at: r.expires_at,
    }))
}

pub async fn touch(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE api_token SET last_used_at = now() WHERE id = $1",
        id
    )
    .execute(db)
    .await?;
    Ok(())
}
