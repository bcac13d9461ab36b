//! Murphy: self-hosted incident response.
//!
//! `main.rs` is a thin shim over this crate; tests build the same router with [`app`].

pub mod app;
pub mod cache;
pub mod cli;
pub mod config;
pub mod database;
pub mod demo;
pub mod domain;
pub mod error;
pub mod export;
pub mod live;
pub mod local_pg;
pub mod markdown;
pub mod metrics;
pub mod secret;
pub mod store;
pub mod web;
pub mod webhooks;

use sqlx::PgPool;

/// The migrations in `migrations/`, compiled in and applied at start-up.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!();

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: PgPool,
    pub request_timeout_secs: u64,
    pub auth: web::auth::AuthSettings,
    pub live: std::sync::Arc<live::Live>,
    pub metrics: std::sync::Arc<metrics::Metrics>,
    /// Copies of sessions, API tokens, service names and active people, dropped whenever
    /// PostgreSQL announces a change to them.
    pub caches: std::sync::Arc<cache::Caches>,
    /// How links in webhook payloads begin: the public URL, or empty for relative paths.
    pub public_url: String,
    pub webhook_client: reqwest::Client,
    /// The wait before a failed webhook delivery's first retry; it doubles after that.
    pub webhook_retry: time::Duration,
}

impl AppState {
    /// What the use cases in [`app`](crate::app) work with.
    pub fn ctx(&self) -> app::Ctx<'_> {
        app::Ctx {
            db: &self.db,
            caches: &self.caches,
            public_url: &self.public_url,
        }
    }

    pub fn new(db: PgPool) -> Self {
        let caches = std::sync::Arc::new(cache::Caches::new());
        AppState {
            request_timeout_secs: 30,
            auth: web::auth::AuthSettings::default(),
            live: live::Live::new(db.clone(), caches.clone()),
            metrics: std::sync::Arc::new(metrics::Metrics::new()),
            caches,
            public_url: String::new(),
            webhook_client: webhooks::client(),
            webhook_retry: webhooks::default_retry(),
            db,
        }
    }
}

/// The whole application as a router, ready to serve or to drive from tests.
pub fn app(state: AppState) -> axum::Router {
    web::router(state)
}
