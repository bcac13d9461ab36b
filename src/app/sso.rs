//! Signing in through the identity provider: what Murphy decides from the verified claims.
//!
//! A returning identity signs in as the person it is linked to. A new one is linked to the
//! person with the same email only when the provider verified that email, and otherwise
//! becomes a new person when the email's domain is allowed. The groups set the role at
//! every sign-in (unless an admin pinned it); a deactivated person is refused. Every
//! sign-in, link, new person, role change and refusal is audited, and every attempt is
//! kept (the newest hundred) for admins with the claims it was decided on.

use time::{Duration, OffsetDateTime};

use super::{Actor, Ctx, Result, record};
use crate::domain::audit::Change;
use crate::domain::person::{NewPerson, Person, Role};
use crate::domain::sso::{Claims, Settings, domain_of};
use crate::i18n::Message;
use crate::secret::{digest, random_token};
use crate::store;

/// How long a sign-in may take at the provider.
pub const PENDING_FOR: Duration = Duration::minutes(10);

/// Keeps what the callback needs for the sign-in with `state`.
pub async fn begin(
    ctx: &Ctx<'_>,
    state: &str,
    pkce_verifier: &str,
    nonce: &str,
    next: &str,
) -> Result<()> {
    store::sso::begin(ctx.db, &digest(state), pkce_verifier, nonce, next).await?;
    Ok(())
}

/// Takes back the sign-in with `state`, once, if it began within [`PENDING_FOR`].
pub async fn take(ctx: &Ctx<'_>, state: &str) -> Result<Option<store::sso::Pending>> {
    let found = store::sso::take(ctx.db, &digest(state)).await?;
    Ok(found.filter(|p| p.created_at > OffsetDateTime::now_utc() - PENDING_FOR))
}

/// How a sign-in through the provider ended.
pub enum SsoSignIn {
    Done {
        person: Person,
        secret: String,
    },
    /// Refused, with the reason in words for the person.
    Refused(String),
}

fn change(action: &'static str, person: Option<&Person>, summary: Message) -> Change {
    Change {
        action,
        entity: "person",
        entity_id: person.map(|p| p.id.to_string()).unwrap_or_default(),
        incident_id: None,
        summary,
        before: None,
        after: None,
    }
}

/// Records a refusal (audited, and kept for /admin/sso); the reason, to show.
pub async fn refuse(ctx: &Ctx<'_>, reason: &str, claims: Option<&Claims>) -> Result<SsoSignIn> {
    let email = claims.and_then(|c| c.email.clone()).unwrap_or_default();
    let json = claims.map(Claims::json).unwrap_or_default();
    let mut tx = ctx.begin().await?;
    store::sso::record_attempt(&mut *tx, false, reason, &email, &json).await?;
    let refused = Change {
        entity: "sso",
        after: Some(serde_json::json!({ "reason": reason, "claims": json })),
        ..change(
            "sso.refuse",
            None,
            if email.is_empty() {
                Message::new("audit-sso-refused").with("reason", reason)
            } else {
                Message::new("audit-sso-refused-as")
                    .with("email", &email)
                    .with("reason", reason)
            },
        )
    };
    record(&mut tx, &Actor::IdentityProvider, refused).await?;
    tx.commit().await?;
    Ok(SsoSignIn::Refused(reason.to_owned()))
}

/// Signs in the person the verified `claims` are, starting a session of `lifetime`.
pub async fn sign_in(
    ctx: &Ctx<'_>,
    settings: &Settings,
    claims: &Claims,
    id_token: &str,
    lifetime: Duration,
) -> Result<SsoSignIn> {
    let Some(email) = claims
        .email
        .as_deref()
        .map(|e| e.trim().to_lowercase())
        .filter(|e| !e.is_empty())
    else {
        return refuse(
            ctx,
            "The identity provider did not send an email address. Ask its admins to release \
             the email claim to Murphy.",
            Some(claims),
        )
        .await;
    };
    let mut tx = ctx.begin().await?;
    let mut done: Vec<Change> = Vec::new();
    let linked = store::sso::linked(&mut *tx, &settings.issuer, &claims.subject).await?;
    let person = match linked {
        Some(id) => store::people::get(&mut *tx, id).await?,
        None => match store::people::find_by_email(&mut *tx, &email).await? {
            Some(existing) => {
                if !claims.email_verified {
                    drop(tx);
                    let reason = format!(
                        "Your identity provider has not verified {email}, so Murphy will not \
                         match it to the account that has it."
                    );
                    return refuse(ctx, &reason, Some(claims)).await;
                }
                store::sso::link(&mut *tx, &settings.issuer, &claims.subject, existing.id).await?;
                done.push(change(
                    "sso.link",
                    Some(&existing),
                    Message::new("audit-sso-linked").with("person", existing.label()),
                ));
                Some(existing)
            }
            None => {
                if !settings.allowed_domains.allows(&email) {
                    drop(tx);
                    let domain = domain_of(&email).unwrap_or_default();
                    let reason = format!(
                        "Your account's domain ({domain}) is not allowed to sign in here. Ask a \
                         Murphy admin to add you."
                    );
                    return refuse(ctx, &reason, Some(claims)).await;
                }
                let Some(role) = settings.role_for(&claims.groups) else {
                    drop(tx);
                    return refuse(ctx, NO_ROLE, Some(claims)).await;
                };
                let name = claims
                    .name
                    .clone()
                    .filter(|n| !n.trim().is_empty())
                    .unwrap_or_else(|| email.split('@').next().unwrap_or_default().to_owned());
                let new = NewPerson {
                    email: email.clone(),
                    display_name: name.chars().take(100).collect(),
                    role,
                    password: String::new(),
                };
                // No password: this person signs in through the provider.
                let created = match store::people::create(&mut *tx, &new, "!").await? {
                    Ok(p) => p,
                    Err(_) => {
                        drop(tx);
                        return refuse(ctx, "Someone else has this email address.", Some(claims))
                            .await;
                    }
                };
                store::sso::link(&mut *tx, &settings.issuer, &claims.subject, created.id).await?;
                done.push(Change {
                    after: Some(serde_json::json!({"email": email, "role": role.as_str()})),
                    ..change(
                        "sso.create",
                        Some(&created),
                        Message::new("audit-sso-created")
                            .with("person", created.label())
                            .with_said("role", Message::keyed("audit-role-", role.as_str())),
                    )
                });
                Some(created)
            }
        },
    };
    let Some(mut person) = person else {
        drop(tx);
        return refuse(ctx, "Your Murphy account no longer exists.", Some(claims)).await;
    };
    if !person.active {
        drop(tx);
        return refuse(
            ctx,
            "Your Murphy account is deactivated. Ask a Murphy admin if that is a mistake.",
            Some(claims),
        )
        .await;
    }
    // The groups decide the role at every sign-in, unless an admin pinned it.
    if !settings.role_map.is_empty() && !store::sso::role_pinned(&mut *tx, person.id).await? {
        let Some(role) = settings.role_map.role_for(&claims.groups) else {
            drop(tx);
            return refuse(ctx, NO_ROLE, Some(claims)).await;
        };
        let last_admin = person.role == Role::Admin
            && role < Role::Admin
            && store::people::lock_active_admins(&mut tx).await?.len() <= 1;
        if role != person.role && !last_admin {
            store::people::set_role(&mut *tx, person.id, role).await?;
            done.push(Change {
                before: Some(serde_json::json!({"role": person.role.as_str()})),
                after: Some(serde_json::json!({"role": role.as_str(), "groups": claims.groups})),
                ..change(
                    "sso.role",
                    Some(&person),
                    Message::new("audit-sso-role")
                        .with("person", person.label())
                        .with_said("role", Message::keyed("audit-role-", role.as_str()))
                        .with_said("was", Message::keyed("audit-role-", person.role.as_str())),
                )
            });
            person.role = role;
        }
    }
    let secret = random_token();
    store::sso::create_session(
        &mut *tx,
        &digest(&secret),
        person.id,
        &random_token(),
        OffsetDateTime::now_utc() + lifetime,
        claims.sid.as_deref(),
        id_token,
    )
    .await?;
    done.push(change(
        "sso.sign_in",
        Some(&person),
        Message::new("audit-sso-signed-in").with("person", person.label()),
    ));
    let actor = Actor::Person(person.clone());
    for c in done {
        record(&mut tx, &actor, c).await?;
    }
    store::sso::record_attempt(&mut *tx, true, "Signed in", &email, &claims.json()).await?;
    tx.commit().await?;
    Ok(SsoSignIn::Done { person, secret })
}

const NO_ROLE: &str = "None of your groups at the identity provider gives you a role in Murphy. \
                       Ask a Murphy admin which group you need.";

/// The provider said (back-channel) that its session `sid`, or its `subject`, signed out:
/// ends the matching sessions begun there; how many.
pub async fn logged_out(
    ctx: &Ctx<'_>,
    issuer: &str,
    subject: Option<&str>,
    sid: Option<&str>,
) -> Result<u64> {
    let mut tx = ctx.begin().await?;
    let person = match subject {
        Some(sub) => store::sso::linked(&mut *tx, issuer, sub).await?,
        None => None,
    };
    let ended = match (sid, person) {
        (Some(sid), _) => store::sso::end_sessions_of_sid(&mut *tx, sid).await?,
        (None, Some(person)) => store::sso::end_provider_sessions(&mut *tx, person).await?,
        (None, None) => 0,
    };
    if ended > 0 {
        let who = match person {
            Some(id) => store::people::get(&mut *tx, id).await?,
            None => None,
        };
        let summary = match &who {
            Some(p) => Message::new("audit-sso-signed-out").with("person", p.label()),
            None => Message::new("audit-sso-someone-signed-out"),
        };
        let c = Change {
            after: Some(serde_json::json!({ "sessions_ended": ended })),
            ..change("sso.logout", who.as_ref(), summary)
        };
        record(&mut tx, &Actor::IdentityProvider, c).await?;
    }
    tx.commit().await?;
    Ok(ended)
}
