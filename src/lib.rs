//! Murphy: self-hosted incident response.
//!
//! `main.rs` is a thin shim over this crate; tests build the same router with [`app`].

/// Murphy's version, appended to asset URLs so a release is never served stale CSS.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

pub mod app;
pub mod cli;
pub mod config;
pub mod database;
pub mod domain;
pub mod error;
pub mod export;
pub mod i18n;
pub mod markdown;
pub mod runtime;
pub mod secret;
pub mod store;
pub mod web;

use sqlx::PgPool;

/// The migrations in `migrations/`, compiled in and applied at start-up.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!();

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: PgPool,
    /// Whether the database can be used now; requests that need it are refused at once
    /// while it cannot.
    pub health: std::sync::Arc<database::health::Health>,
    pub request_timeout_secs: u64,
    pub auth: web::auth::AuthSettings,
    pub live: std::sync::Arc<runtime::listener::Live>,
    pub metrics: std::sync::Arc<runtime::metrics::Metrics>,
    /// Told of every change to what this instance keeps copies of.
    pub caches: std::sync::Arc<runtime::cache::Caches>,
    /// The copies: sessions, API tokens, chooser lists and incident pages.
    pub copies: std::sync::Arc<web::copies::Copies>,
    /// How links in webhook payloads begin: the public URL, or empty for relative paths.
    pub public_url: String,
    /// The public status page's name ("Example status"); empty: "Service status" in each
    /// visitor's language (see [`AppState::status_name_in`]).
    pub status_name: String,
    /// Where webhooks may be sent: the public internet and what `MURPHY_WEBHOOK_ALLOW` adds.
    pub webhook_destinations: std::sync::Arc<domain::destination::Destinations>,
    /// Sends webhooks, connecting only to addresses `webhook_destinations` allows.
    pub webhook_client: reqwest::Client,
    /// The wait before a failed webhook delivery's first retry; it doubles after that.
    pub webhook_retry: time::Duration,
    /// Where status page subscribers' webhooks may be sent (the public internet, and what
    /// `MURPHY_SUBSCRIBER_WEBHOOK_ALLOW` names), and the client that keeps to it.
    pub subscriber_destinations: std::sync::Arc<domain::destination::Destinations>,
    pub subscriber_client: reqwest::Client,
    /// Sends the email outbox; `None` when no SMTP server is configured.
    pub mailer: Option<std::sync::Arc<runtime::mailer::Mailer>>,
    /// The identity provider people sign in with; `None` without `MURPHY_OIDC_ISSUER`.
    pub sso: Option<std::sync::Arc<runtime::sso::Sso>>,
    /// Whether people may sign in with a password (`MURPHY_PASSWORD_LOGIN`).
    pub password_login: bool,
    /// The language of pages for those who have not chosen one and whose browser asks for
    /// none Murphy speaks (`MURPHY_DEFAULT_LANGUAGE`).
    pub default_language: i18n::Lang,
}

impl AppState {
    /// The status page's name as a visitor reading `lang` sees it.
    pub fn status_name_in(&self, lang: i18n::Lang) -> &str {
        if self.status_name.is_empty() {
            lang.default_status_name()
        } else {
            &self.status_name
        }
    }

    /// What the use cases in [`app`](crate::app) work with.
    pub fn ctx(&self) -> app::Ctx<'_> {
        app::Ctx {
            db: &self.db,
            caches: &self.caches,
            public_url: &self.public_url,
            webhook_destinations: &self.webhook_destinations,
            mail_enabled: self.mailer.is_some(),
            status_name: &self.status_name,
            subscriber_destinations: &self.subscriber_destinations,
            default_language: self.default_language,
        }
    }

    pub fn new(db: PgPool) -> Self {
        let caches = std::sync::Arc::new(runtime::cache::Caches::new());
        AppState {
            request_timeout_secs: 30,
            auth: web::auth::AuthSettings::default(),
            live: runtime::listener::Live::new(db.clone(), caches.clone()),
            metrics: std::sync::Arc::new(runtime::metrics::Metrics::new()),
            copies: std::sync::Arc::new(web::copies::Copies::new(&caches)),
            caches,
            public_url: String::new(),
            status_name: String::new(),
            webhook_destinations: Default::default(),
            webhook_client: runtime::webhook_sender::client(Default::default()),
            webhook_retry: runtime::webhook_sender::default_retry(),
            subscriber_destinations: Default::default(),
            subscriber_client: runtime::webhook_sender::client(Default::default()),
            mailer: None,
            sso: None,
            password_login: true,
            default_language: i18n::Lang::En,
            health: database::health::Health::new(),
            db,
        }
    }

    /// The same state sending webhooks only where `allowed` says.
    pub fn with_webhook_destinations(self, allowed: domain::destination::Destinations) -> Self {
        let allowed = std::sync::Arc::new(allowed);
        AppState {
            webhook_client: runtime::webhook_sender::client(allowed.clone()),
            webhook_destinations: allowed,
            ..self
        }
    }

    /// The same state sending subscribers' webhooks only where `allowed` says.
    pub fn with_subscriber_destinations(self, allowed: domain::destination::Destinations) -> Self {
        let allowed = std::sync::Arc::new(allowed);
        AppState {
            subscriber_client: runtime::webhook_sender::client(allowed.clone()),
            subscriber_destinations: allowed,
            ..self
        }
    }
}

/// The whole application as a router, ready to serve or to drive from tests.
pub fn app(state: AppState) -> axum::Router {
    web::router(state)
}

/// Only the public status page, for a second address.
pub fn status_app(state: AppState) -> axum::Router {
    web::status_router(state)
}
