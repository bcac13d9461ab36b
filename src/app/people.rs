//! People: accounts, roles, deactivation and passwords. Murphy always keeps an active admin:
//! changes that could remove the last one lock every active admin's row first and count
//! them, so two admins demoting each other at once cannot both succeed.

use serde_json::json;

use super::{Actor, Ctx, Error, Result, record};
use crate::domain::audit::Change;
use crate::domain::ids::PersonId;
use crate::domain::person::{NewPerson, Person, Role};
use crate::domain::validation::FieldErrors;
use crate::i18n::Message;
use crate::secret::hash_password;
use crate::store;

/// What the audit trail keeps of a person: never the password.
pub fn person_json(p: &Person) -> serde_json::Value {
    json!({"email": p.email, "display_name": p.display_name, "role": p.role.as_str(), "active": p.active})
}

fn change(action: &'static str, person: &Person, summary: Message) -> Change {
    Change {
        action,
        entity: "person",
        entity_id: person.id.to_string(),
        incident_id: None,
        summary,
        before: None,
        after: None,
    }
}

/// Argon2id, off the async threads (it is slow on purpose).
pub async fn hash(password: String) -> Result<String> {
    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(anyhow::Error::from)??;
    Ok(hash)
}

/// Adds a person who signs in with the password chosen for them.
pub async fn create(
    ctx: &Ctx<'_>,
    actor: &Actor,
    new: &NewPerson,
) -> Result<Result<Person, FieldErrors>> {
    let password_hash = hash(new.password.clone()).await?;
    let mut tx = ctx.begin().await?;
    let person = match store::people::create(&mut *tx, new, &password_hash).await? {
        Ok(person) => person,
        Err(errors) => return Ok(Err(errors)),
    };
    let created = Change {
        after: Some(person_json(&person)),
        ..change(
            "person.create",
            &person,
            Message::new("audit-person-added")
                .with("person", person.label())
                .with_said("role", Message::keyed("audit-role-", person.role.as_str())),
        )
    };
    record(&mut tx, actor, created).await?;
    tx.commit().await?;
    Ok(Ok(person))
}

/// Whether taking `person`'s admin rights (or account) away leaves another active admin;
/// `admins` are the active admins, locked.
fn keeps_an_admin(person: &Person, admins: &[PersonId]) -> bool {
    person.role != Role::Admin || !person.active || admins.iter().any(|id| *id != person.id)
}

/// The active admins' ids and the person, every row locked (the admins first, in one order).
async fn lock_with_admins(
    tx: &mut sqlx::PgConnection,
    id: PersonId,
) -> Result<(Vec<PersonId>, Person)> {
    let admins = store::people::lock_active_admins(tx).await?;
    let person = store::people::get_for_update(tx, id)
        .await?
        .ok_or(Error::NotFound)?;
    Ok((admins, person))
}

/// How a role or activation change ended.
pub enum PersonChange {
    /// Changed; the person as before.
    Done(Person),
    /// Nothing to change; the person as they are.
    Unchanged(Person),
    /// Refused: they are the only active admin.
    LastAdmin(Person),
    /// Refused: nobody deactivates their own account.
    Own,
}

/// Gives a person another role.
pub async fn change_role(
    ctx: &Ctx<'_>,
    actor: &Actor,
    id: PersonId,
    role: Role,
) -> Result<PersonChange> {
    let mut tx = ctx.begin().await?;
    let (admins, person) = lock_with_admins(&mut tx, id).await?;
    if role == person.role {
        return Ok(PersonChange::Unchanged(person));
    }
    if role != Role::Admin && !keeps_an_admin(&person, &admins) {
        return Ok(PersonChange::LastAdmin(person));
    }
    store::people::set_role(&mut *tx, person.id, role).await?;
    // Set by hand: single sign-on's groups leave it until an admin lets them decide again.
    store::sso::set_role_pinned(&mut *tx, person.id, true).await?;
    let after = Person {
        role,
        ..person.clone()
    };
    let changed = Change {
        before: Some(person_json(&person)),
        after: Some(person_json(&after)),
        ..change(
            "person.role",
            &person,
            Message::new("audit-person-role")
                .with("person", person.label())
                .with_said("was", Message::keyed("audit-role-", person.role.as_str()))
                .with_said("role", Message::keyed("audit-role-", role.as_str())),
        )
    };
    record(&mut tx, actor, changed).await?;
    tx.commit().await?;
    Ok(PersonChange::Done(person))
}

/// Lets single sign-on's groups set `id`'s role again at their next sign-in.
pub async fn unpin_role(ctx: &Ctx<'_>, actor: &Actor, id: PersonId) -> Result<Person> {
    let mut tx = ctx.begin().await?;
    let person = store::people::get(&mut *tx, id)
        .await?
        .ok_or(Error::NotFound)?;
    store::sso::set_role_pinned(&mut *tx, id, false).await?;
    let unpinned = change(
        "person.role_unpin",
        &person,
        Message::new("audit-person-unpinned").with("person", person.label()),
    );
    record(&mut tx, actor, unpinned).await?;
    tx.commit().await?;
    Ok(person)
}

/// Deactivates an account (its sessions end at once) or reactivates it.
pub async fn set_active(
    ctx: &Ctx<'_>,
    actor: &Actor,
    id: PersonId,
    active: bool,
) -> Result<PersonChange> {
    let mut tx = ctx.begin().await?;
    let (admins, person) = lock_with_admins(&mut tx, id).await?;
    if active == person.active {
        return Ok(PersonChange::Unchanged(person));
    }
    if !active && actor.person_id() == Some(person.id) {
        return Ok(PersonChange::Own);
    }
    if !active && !keeps_an_admin(&person, &admins) {
        return Ok(PersonChange::LastAdmin(person));
    }
    store::people::set_active(&mut *tx, person.id, active).await?;
    if !active {
        store::sessions::delete_for(&mut *tx, person.id).await?;
    }
    let after = Person {
        active,
        ..person.clone()
    };
    let key = if active {
        "audit-person-reactivated"
    } else {
        "audit-person-deactivated"
    };
    let changed = Change {
        before: Some(person_json(&person)),
        after: Some(person_json(&after)),
        ..change(
            if active {
                "person.reactivate"
            } else {
                "person.deactivate"
            },
            &person,
            Message::new(key).with("person", person.label()),
        )
    };
    record(&mut tx, actor, changed).await?;
    tx.commit().await?;
    Ok(PersonChange::Done(person))
}

/// Sets the password of the person with this email and ends their sessions; returns them.
pub async fn set_password(
    ctx: &Ctx<'_>,
    actor: &Actor,
    email: &str,
    password: &str,
) -> Result<Option<Person>> {
    let password_hash = hash(password.to_owned()).await?;
    let mut tx = ctx.begin().await?;
    let Some(person) = store::people::find_by_email(&mut *tx, email).await? else {
        return Ok(None);
    };
    store::people::set_password(&mut *tx, person.id, &password_hash).await?;
    store::sessions::delete_for(&mut *tx, person.id).await?;
    let changed = change(
        "person.password",
        &person,
        Message::new("audit-person-password-set").with("person", person.label()),
    );
    record(&mut tx, actor, changed).await?;
    tx.commit().await?;
    Ok(Some(person))
}

/// A person changes their own password: the current one must be right, the new one
/// acceptable and typed twice alike. Their other sessions end; this one stays.
pub async fn change_own_password(
    ctx: &Ctx<'_>,
    actor: &Actor,
    keep_session: Option<&[u8]>,
    current: &str,
    new: &str,
    again: &str,
) -> Result<Result<(), FieldErrors>> {
    let person = actor.person().ok_or(Error::NotFound)?;
    let mut errors = FieldErrors::new();
    crate::domain::person::password(&mut errors, "new_password", new);
    if errors.get("new_password").is_none() && new != again {
        errors.add_said("new_password_again", Message::new("val-passwords-differ"));
    }
    let stored = store::people::credentials(ctx.db, &person.email).await?;
    let Some((_, hash_now)) = stored else {
        return Err(Error::NotFound);
    };
    let typed = current.to_owned();
    let right =
        tokio::task::spawn_blocking(move || crate::secret::verify_password(&typed, &hash_now))
            .await
            .map_err(anyhow::Error::from)?;
    if !right {
        errors.add_said("current_password", Message::new("val-wrong-password"));
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let password_hash = hash(new.to_owned()).await?;
    let mut tx = ctx.begin().await?;
    store::people::set_password(&mut *tx, person.id, &password_hash).await?;
    store::sessions::delete_others(&mut *tx, person.id, keep_session.unwrap_or_default()).await?;
    let changed = change(
        "person.password",
        person,
        Message::new("audit-person-password-changed").with("person", person.label()),
    );
    record(&mut tx, actor, changed).await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// The language the signed-in person reads Murphy in; `None` follows their browser.
pub async fn set_own_language(
    ctx: &Ctx<'_>,
    actor: &Actor,
    language: Option<crate::i18n::Lang>,
) -> Result<()> {
    let person = actor.person_id().ok_or(Error::NotFound)?;
    let mut tx = ctx.begin().await?;
    store::people::set_language(&mut *tx, person, language).await?;

    record(
        &mut tx,
        actor,
        Change {
            action: "person.language",
            entity: "person",
            entity_id: person.to_string(),
            incident_id: None,
            summary: match language {
                Some(l) => Message::new("audit-person-language").with("language", l.name()),
                None => Message::new("audit-person-language-browser"),
            },
            before: None,
            after: Some(json!({ "language": language.map(|l| l.as_str()) })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
