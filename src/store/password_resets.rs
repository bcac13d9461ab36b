//! Password-reset links, kept as the SHA-256 of their secret.

use sqlx::PgExecutor;
use time::OffsetDateTime;

use crate::domain::ids::PersonId;
use crate::domain::person::{Person, Role};
use crate::i18n::Lang;

pub async fn create(
    db: impl PgExecutor<'_>,
    digest: &[u8],
    person: PersonId,
    expires_at: OffsetDateTime,
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO password_reset (digest, person_id, expires_at) VALUES ($1, $2, $3)",
        digest,
        person as PersonId,
        expires_at
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Links sent to `person` since `since`.
pub async fn recent(
    db: impl PgExecutor<'_>,
    person: PersonId,
    since: OffsetDateTime,
) -> sqlx::Result<i64> {
    sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM password_reset WHERE person_id = $1 AND created_at >= $2"#,
        person as PersonId,
        since
    )
    .fetch_one(db)
    .await
}

/// The active person the link with `digest` still works for at `now`.
pub async fn holder(
    db: impl PgExecutor<'_>,
    digest: &[u8],
    now: OffsetDateTime,
) -> sqlx::Result<Option<Person>> {
    sqlx::query_as!(
        Person,
        r#"SELECT p.id AS "id: PersonId", p.email, p.display_name, p.role AS "role: Role",
                  p.active, p.version, p.created_at, p.language AS "language: Lang"
           FROM password_reset r JOIN person p ON p.id = r.person_id
           WHERE r.digest = $1 AND r.used_at IS NULL AND r.expires_at > $2 AND p.active"#,
        digest,
        now
    )
    .fetch_optional(db)
    .await
}

/// Uses the link with `digest` if it still works at `now`, and spends every other link of
/// its person; the person. A link used at the same moment elsewhere is used once: the row
/// lock makes the second wait and find it spent.
pub async fn spend(
    db: impl PgExecutor<'_>,
    digest: &[u8],
    now: OffsetDateTime,
) -> sqlx::Result<Option<Person>> {
    sqlx::query_as!(
        Person,
        r#"WITH used AS (
               UPDATE password_reset SET used_at = $2
               WHERE person_id = (SELECT person_id FROM password_reset
                                  WHERE digest = $1 AND used_at IS NULL AND expires_at > $2
                                  FOR UPDATE)
                 AND used_at IS NULL
               RETURNING person_id)
           SELECT DISTINCT p.id AS "id: PersonId", p.email, p.display_name,
                  p.role AS "role: Role", p.active, p.version, p.created_at, p.language AS "language: Lang"
           FROM used JOIN person p ON p.id = used.person_id
           WHERE p.active"#,
        digest,
        now
    )
    .fetch_optional(db)
    .await
}

/// Forgets links that expired before `before`; how many.
pub async fn clean(db: impl PgExecutor<'_>, before: OffsetDateTime) -> sqlx::Result<u64> {
    Ok(
        sqlx::query!("DELETE FROM password_reset WHERE expires_at < $1", before)
            .execute(db)
            .await?
            .rows_affected(),
    )
}
