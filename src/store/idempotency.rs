//! Responses kept for `Idempotency-Key` requests.

use serde_json::Value;
use sqlx::{PgConnection, PgExecutor};

use crate::domain::ids::PersonId;

/// A response kept for a key.
#[derive(Debug, Clone, PartialEq)]
pub struct Kept {
    pub request_digest: Vec<u8>,
    pub status: i32,
    pub response: Value,
    pub location: Option<String>,
}

/// Serialises requests with the same key (until the transaction ends), then returns the
/// response kept for it, if any.
pub async fn lock_and_find(
    tx: &mut PgConnection,
    person_id: PersonId,
    key: &str,
) -> sqlx::Result<Option<Kept>> {
    let lock_name = format!("idempotency:{person_id}:{key}");
    sqlx::query!(
        "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
        lock_name
    )
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query_as!(
        Kept,
        "SELECT request_digest, status, response, location FROM idempotency_key
         WHERE person_id = $1 AND key = $2",
        person_id as PersonId,
        key
    )
    .fetch_optional(&mut *tx)
    .await
}

pub async fn keep(
    tx: &mut PgConnection,
    person_id: PersonId,
    key: &str,
    kept: &Kept,
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO idempotency_key (person_id, key, request_digest, status, response, location)
         VALUES ($1, $2, $3, $4, $5, $6)",
        person_id as PersonId,
        key,
        kept.request_digest,
        kept.status,
        kept.response,
        kept.location
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Forgets keys older than `before`.
pub async fn clean(db: impl PgExecutor<'_>, before: time::OffsetDateTime) -> sqlx::Result<u64> {
    Ok(
        sqlx::query!("DELETE FROM idempotency_key WHERE created_at < $1", before)
            .execute(db)
            .await?
            .rows_affected(),
    )
}
