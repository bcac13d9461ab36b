//! People (accounts). The password hash is read only by [`credentials`].

use crate::i18n::Message;
use sqlx::{PgConnection, PgExecutor};
use uuid::Uuid;

use super::is_unique_violation;
use crate::domain::ids::PersonId;
use crate::domain::person::{NewPerson, Person, Role};
use crate::domain::validation::FieldErrors;
use crate::i18n::Lang;

/// How many people exist; zero means Murphy is waiting for its first admin.
pub async fn count(db: impl PgExecutor<'_>) -> sqlx::Result<i64> {
    sqlx::query_scalar!(r#"SELECT count(*) AS "n!" FROM person"#)
        .fetch_one(db)
        .await
}

/// Adds a person with an already hashed password; a taken email is a field error.
pub async fn create(
    db: impl PgExecutor<'_>,
    new: &NewPerson,
    password_hash: &str,
) -> sqlx::Result<Result<Person, FieldErrors>> {
    let created = sqlx::query_as!(
        Person,
        r#"INSERT INTO person (id, email, display_name, role, password_hash)
           VALUES ($1, $2, $3, $4, $5)
           RETURNING id AS "id: PersonId", email, display_name, role AS "role: Role", active, version, created_at, language AS "language: Lang""#,
        Uuid::now_v7(),
        new.email,
        new.display_name,
        new.role.as_str(),
        password_hash,
    )
    .fetch_one(db)
    .await;
    match created {
        Ok(person) => Ok(Ok(person)),
        Err(e) if is_unique_violation(&e, "person_email_key") => Ok(Err(FieldErrors::one_said(
            "email",
            Message::new("val-email-taken").with("email", &new.email),
        ))),
        Err(e) => Err(e),
    }
}

/// Everyone, active first, then by name.
pub async fn list(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<Person>> {
    sqlx::query_as!(
        Person,
        r#"SELECT id AS "id: PersonId", email, display_name, role AS "role: Role", active, version, created_at, language AS "language: Lang"
           FROM person ORDER BY active DESC, lower(display_name), id"#
    )
    .fetch_all(db)
    .await
}

pub async fn get(db: impl PgExecutor<'_>, id: PersonId) -> sqlx::Result<Option<Person>> {
    sqlx::query_as!(
        Person,
        r#"SELECT id AS "id: PersonId", email, display_name, role AS "role: Role", active, version, created_at, language AS "language: Lang"
           FROM person WHERE id = $1"#,
        id as PersonId
    )
    .fetch_optional(db)
    .await
}

pub async fn find_by_email(db: impl PgExecutor<'_>, email: &str) -> sqlx::Result<Option<Person>> {
    sqlx::query_as!(
        Person,
        r#"SELECT id AS "id: PersonId", email, display_name, role AS "role: Role", active, version, created_at, language AS "language: Lang"
           FROM person WHERE lower(email) = lower($1)"#,
        email
    )
    .fetch_optional(db)
    .await
}

/// The person and password hash for a sign-in attempt.
pub async fn credentials(
    db: impl PgExecutor<'_>,
    email: &str,
) -> sqlx::Result<Option<(Person, String)>> {
    let row = sqlx::query!(
        r#"SELECT id AS "id: PersonId", email, display_name, role AS "role: Role", active, version, created_at, language AS "language: Lang",
                  password_hash
           FROM person WHERE lower(email) = lower($1)"#,
        email
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| {
        (
            Person {
                id: r.id,
                email: r.email,
                display_name: r.display_name,
                role: r.role,
                active: r.active,
                version: r.version,
                created_at: r.created_at,
                language: r.language,
            },
            r.password_hash,
        )
    }))
}

/// Every active admin's id, their rows locked until the transaction ends (in one order, so
/// two such transactions never wait for each other in a circle): a change that could leave
/// Murphy without an admin counts them with nobody else changing them meanwhile.
pub async fn lock_active_admins(tx: &mut PgConnection) -> sqlx::Result<Vec<PersonId>> {
    sqlx::query_scalar!(
        r#"SELECT id AS "id: PersonId" FROM person WHERE role = 'admin' AND active ORDER BY id FOR UPDATE"#
    )
    .fetch_all(&mut *tx)
    .await
}

/// The person, their row locked until the transaction ends.
pub async fn get_for_update(tx: &mut PgConnection, id: PersonId) -> sqlx::Result<Option<Person>> {
    sqlx::query_as!(
        Person,
        r#"SELECT id AS "id: PersonId", email, display_name, role AS "role: Role", active, version, created_at, language AS "language: Lang"
           FROM person WHERE id = $1 FOR UPDATE"#,
        id as PersonId
    )
    .fetch_optional(&mut *tx)
    .await
}

pub async fn set_role(db: impl PgExecutor<'_>, id: PersonId, role: Role) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE person SET role = $2, version = version + 1, updated_at = now() WHERE id = $1",
        id as PersonId,
        role.as_str()
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn set_active(db: impl PgExecutor<'_>, id: PersonId, active: bool) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE person SET active = $2, version = version + 1, updated_at = now() WHERE id = $1",
        id as PersonId,
        active
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Replaces a person's password hash.
pub async fn set_password(db: impl PgExecutor<'_>, id: PersonId, hash: &str) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE person SET password_hash = $2, version = version + 1, updated_at = now()
         WHERE id = $1",
        id as PersonId,
        hash
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Sets the language `id` reads Murphy in (`None`: their browser's).
pub async fn set_language(
    db: impl PgExecutor<'_>,
    id: PersonId,
    language: Option<Lang>,
) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE person SET language = $2 WHERE id = $1",
        id as PersonId,
        language.map(|l| l.as_str())
    )
    .execute(db)
    .await?;
    Ok(())
}
