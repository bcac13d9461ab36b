//! Use cases: every change Murphy makes, one function each. The pages, the JSON API, the
//! alert hooks and the command line all call these, and nothing else writes, so a rule
//! (who may publish, when mitigated is set, what a stale save does) lives in one place.
//!
//! Each use case takes a [`Ctx`] and an [`Actor`], knows no HTTP, and follows one pattern:
//!
//! ```text
//! let mut tx = ctx.begin().await?;                      // one transaction
//! let current = store::…::lock(&mut tx, …)?;            // lock the row, or check its version
//! domain::…::rule(&current, …)?;                        // the rule, on what was locked
//! store::…::write(&mut tx, …)?;                         // the change
//! record(&mut tx, …) / timeline / outbox::announce(…)   // audit, timeline, webhooks
//! tx.commit().await?;                                   // commit, then tell the caches
//! ```
//!
//! Rules are checked on rows read inside the transaction and locked (`FOR UPDATE`) or
//! written conditionally (`WHERE revision = …`), never on a row read before it.

pub mod action_items;
pub mod alert_intake;
pub mod alert_rules;
pub mod email;
pub mod housekeeping;
pub mod incidents;
pub mod maintenance;
pub mod outbox;
pub mod password_resets;
pub mod people;
pub mod postmortem_rules;
pub mod postmortem_templates;
pub mod postmortems;
pub mod runbooks;
pub mod services;
pub mod sessions;
pub mod sso;
pub mod status;
pub mod subscriptions;
pub mod tasks;
pub mod taxonomy;
pub mod team;
pub mod timeline;
pub mod tokens;
pub mod transfer;
pub mod updates;
pub mod webhooks;

use std::ops::{Deref, DerefMut};

use sqlx::{PgConnection, PgPool, Postgres, Transaction};

use crate::domain::audit;
use crate::domain::destination::Destinations;
use crate::domain::ids::PersonId;
use crate::domain::incident::Visibility;
use crate::domain::person::{Person, Role};
use crate::runtime::cache::Caches;
use crate::store;

/// What a use case works with: the database, this instance's copies (told of changes on
/// commit) and the public address links in webhook payloads start with.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub db: &'a PgPool,
    pub caches: &'a Caches,
    /// The public URL without a trailing slash, or empty for relative links.
    pub public_url: &'a str,
    /// Where webhooks may be sent.
    pub webhook_destinations: &'a Destinations,
    /// Whether Murphy can send email (an SMTP server is configured): nothing is queued
    /// otherwise.
    pub mail_enabled: bool,
    /// Where the status page's webhook subscribers may send.
    pub subscriber_destinations: &'a Destinations,
    /// The status page's name, as subscribers' email says it.
    pub status_name: &'a str,
    /// The language of email to people who chose none.
    pub default_language: crate::i18n::Lang,
}

impl<'a> Ctx<'a> {
    /// Begins the use case's transaction.
    pub async fn begin(&self) -> Result<Tx<'a>> {
        Ok(Tx {
            tx: self.db.begin().await?,
            caches: self.caches,
        })
    }
}

/// A use case's transaction. [`Tx::commit`] is the one place that tells this instance's
/// copies that something they hold changed: the database says so (the triggers that
/// announce changes to other instances also mark the transaction), so no caller has to
/// remember.
pub struct Tx<'a> {
    tx: Transaction<'a, Postgres>,
    caches: &'a Caches,
}

impl Tx<'_> {
    pub async fn commit(mut self) -> Result<()> {
        let changed = store::events::copies_changed(&mut self.tx).await?;
        self.tx.commit().await?;
        if changed.copies {
            self.caches.changed();
        }
        if changed.status {
            self.caches.status_changed();
        }
        Ok(())
    }
}

impl Deref for Tx<'_> {
    type Target = PgConnection;
    fn deref(&self) -> &PgConnection {
        &self.tx
    }
}

impl DerefMut for Tx<'_> {
    fn deref_mut(&mut self) -> &mut PgConnection {
        &mut self.tx
    }
}

/// Who asks for a change.
#[derive(Debug, Clone)]
pub enum Actor {
    /// A person, signed in with a session (the pages) or an API token (scripts).
    Person(Person),
    /// Murphy acting on monitoring alerts that `integration`'s API token delivered: what it
    /// writes on timelines is marked automated and has no author.
    Alerts(Person),
    /// An operator at Murphy's command line.
    CommandLine,
    /// Murphy itself, on the clock: a maintenance window starting or ending.
    Clock,
    /// The identity provider's answer, before it is anyone's: a refused single sign-on.
    IdentityProvider,
    /// An issue tracker (GitHub, GitLab, Jira) saying, in a signed webhook, that an issue
    /// linked to action items closed or reopened.
    Tracker(&'static str),
}

impl Actor {
    /// The person acting, or on whose token alerts arrived.
    pub fn person(&self) -> Option<&Person> {
        match self {
            Actor::Person(p) | Actor::Alerts(p) => Some(p),
            Actor::CommandLine | Actor::Clock | Actor::IdentityProvider | Actor::Tracker(_) => None,
        }
    }

    pub fn person_id(&self) -> Option<PersonId> {
        self.person().map(|p| p.id)
    }

    /// The author of what a person writes (notes, entries); `None` for Murphy itself.
    pub fn author(&self) -> Option<PersonId> {
        match self {
            Actor::Person(p) => Some(p.id),
            Actor::Alerts(_)
            | Actor::CommandLine
            | Actor::Clock
            | Actor::IdentityProvider
            | Actor::Tracker(_) => None,
        }
    }

    pub fn role(&self) -> Role {
        match self {
            Actor::Person(p) | Actor::Alerts(p) => p.role,
            Actor::CommandLine | Actor::Clock => Role::Admin,
            Actor::Tracker(_) => Role::Responder,
            Actor::IdentityProvider => Role::Viewer,
        }
    }

    /// Which incidents the actor may see and change: admins and the command line all, others
    /// all but restricted ones outside their response. Alerts see what the person whose
    /// token delivered them sees, so an alert's fingerprint never reaches (or reveals) a
    /// restricted incident that person may not see; the account that opens a restricted
    /// incident from alerts keeps seeing it, as its creator.
    pub fn visibility(&self) -> Visibility {
        match self {
            Actor::Person(p) | Actor::Alerts(p) => Visibility {
                person_id: Some(p.id),
                all: p.role == Role::Admin,
            },
            // A tracker's signed word reaches the action items linked to its issue, wherever.
            Actor::CommandLine | Actor::Clock | Actor::Tracker(_) => Visibility::everything(),
            Actor::IdentityProvider => Visibility {
                person_id: None,
                all: false,
            },
        }
    }

    /// How the audit trail names the actor.
    pub fn audit(&self) -> audit::Actor {
        match self {
            Actor::Person(p) | Actor::Alerts(p) => audit::Actor::person(p),
            Actor::CommandLine => audit::Actor::command_line(),
            Actor::Clock => audit::Actor::clock(),
            Actor::IdentityProvider => audit::Actor {
                id: None,
                label: "Single sign-on".into(),
            },
            Actor::Tracker(name) => audit::Actor {
                id: None,
                label: format!("{name} (issue webhook)"),
            },
        }
    }
}

/// Why a use case did not happen, when that is not one of its own outcomes.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Nothing the actor may see is there.
    #[error("not found")]
    NotFound,
    /// The actor may see it but not do this; the message says why.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// Input that cannot be taken, found after the transaction began; nothing written.
    #[error("invalid input")]
    Invalid(crate::domain::validation::FieldErrors),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Records `change` in the audit trail, in the use case's transaction.
pub(crate) async fn record(
    tx: &mut PgConnection,
    actor: &Actor,
    change: audit::Change,
) -> Result<()> {
    store::audit::record(&mut *tx, &actor.audit(), change).await?;
    Ok(())
}
