//! Opening the database: the server named by `DATABASE_URL`, or the embedded cluster; and
//! keeping it usable while Murphy serves (`health`, `supervisor`).

pub mod embedded;
pub mod health;
pub mod supervisor;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection, PgConnection, PgPool};

use crate::config::Config;
use crate::database::embedded::{Durability, LocalPg, LocalPgError};
use crate::database::health::Health;
use crate::database::supervisor::Supervisor;

/// The name of Murphy's database inside the embedded cluster.
pub const EMBEDDED_DATABASE: &str = "murphy";

/// An open pool, and the embedded cluster behind it when Murphy started one.
pub struct Database {
    pub pool: PgPool,
    /// Whether the database can be used, kept by the watchdog and the supervisor once
    /// [`Database::watch`] has started them.
    pub health: Arc<Health>,
    local: Option<Arc<Mutex<LocalPg>>>,
    watchers: Option<Watchers>,
}

struct Watchers {
    stop_watchdog: Arc<tokio::sync::Notify>,
    watchdog: tokio::task::JoinHandle<()>,
    supervisor: Option<Supervisor>,
}

impl Database {
    /// Connects to `DATABASE_URL`, or starts the embedded cluster in the data folder.
    pub async fn open(config: &Config) -> anyhow::Result<Database> {
        Self::open_with(config, false).await
    }

    /// Like [`Database::open`], but when a running Murphy holds the data folder, uses its
    /// cluster instead of failing: administrative commands work beside a server.
    pub async fn open_for_admin(config: &Config) -> anyhow::Result<Database> {
        Self::open_with(config, true).await
    }

    async fn open_with(config: &Config, share: bool) -> anyhow::Result<Database> {
        let url = config.database_url.as_deref().map(str::trim);
        let (url, local) = match url.filter(|u| !u.is_empty()) {
            Some(url) => (url.to_owned(), None),
            None => {
                let dir = config.data_dir();
                let started =
                    tokio::task::spawn_blocking(move || LocalPg::start(&dir, Durability::Durable))
                        .await?;
                match started {
                    Ok(local) => {
                        tracing::info!(dir = %local.dir().display(), "embedded PostgreSQL started");
                        create_database(&local.url("postgres"), EMBEDDED_DATABASE).await?;
                        (local.url(EMBEDDED_DATABASE), Some(local))
                    }
                    Err(LocalPgError::InUse(dir)) if share => (
                        crate::database::embedded::url(&dir, EMBEDDED_DATABASE),
                        None,
                    ),
                    Err(e) => return Err(e.into()),
                }
            }
        };
        let health = Health::new();
        let pool = connect(&url, config.db_pool_size, Some(health.clone()))
            .await
            .context("cannot connect to PostgreSQL")?;
        Ok(Database {
            pool,
            health,
            local: local.map(|l| Arc::new(Mutex::new(l))),
            watchers: None,
        })
    }

    /// Starts watching the database for as long as Murphy serves: the watchdog, and the
    /// supervisor that restarts the embedded cluster when it dies.
    pub fn watch(&mut self) {
        if self.watchers.is_some() {
            return;
        }
        let stop_watchdog = Arc::new(tokio::sync::Notify::new());
        let watchdog = tokio::spawn(health::watch(
            self.health.clone(),
            (*self.pool.connect_options()).clone(),
            stop_watchdog.clone(),
        ));
        let supervisor = self
            .local
            .as_ref()
            .map(|local| Supervisor::start(local.clone(), self.health.clone()));
        self.watchers = Some(Watchers {
            stop_watchdog,
            watchdog,
            supervisor,
        });
    }

    /// Stops watching, closes every connection, then stops the embedded cluster if there
    /// is one.
    pub async fn close(self) -> anyhow::Result<()> {
        if let Some(watchers) = self.watchers {
            watchers.stop_watchdog.notify_one();
            let _ = watchers.watchdog.await;
            if let Some(supervisor) = watchers.supervisor {
                supervisor.stop().await;
            }
        }
        self.pool.close().await;
        if let Some(local) = self.local {
            let local = Arc::into_inner(local)
                .context("the embedded cluster is still in use")?
                .into_inner()
                .unwrap_or_else(|e| e.into_inner());
            tokio::task::spawn_blocking(move || local.stop()).await??;
            tracing::info!("embedded PostgreSQL stopped");
        }
        Ok(())
    }
}

/// A pooled connection idle this long is tested before it is handed out.
const IDLE_BEFORE_TEST: Duration = Duration::from_secs(1);

/// The longest a request waits for a connection. A healthy pool hands one out in
/// microseconds; waiting longer only delays the 503 when the database is away (a refused
/// connection is tried again until then).
const ACQUIRE_PATIENCE: Duration = Duration::from_millis(1500);

/// A connection pool to `url`.
pub async fn pool(url: &str, size: u32) -> anyhow::Result<PgPool> {
    connect(url, size, None).await
}

/// A connection pool to `url` whose connections opened before `health` last found
/// connections broken are closed instead of handed out.
async fn connect(url: &str, size: u32, health: Option<Arc<Health>>) -> anyhow::Result<PgPool> {
    let options: PgConnectOptions = url.parse()?;
    Ok(PgPoolOptions::new()
        .max_connections(size)
        .acquire_timeout(ACQUIRE_PATIENCE)
        // Testing every connection as it leaves the pool costs a round trip per statement.
        // One that has been idle a while may have lost its server (a restart, a network
        // hiccup), so only those are tested; a busy connection has just proved itself.
        .test_before_acquire(false)
        // PostgreSQL's default page costs are tuned for spinning disks; on solid-state
        // storage with the working set in memory they steer small lookups (a person by
        // primary key) to sequential scans that cost ten times more. 1.1 is the usual
        // setting for SSDs. Set per connection (not as a startup option, which connection
        // poolers such as PgBouncer refuse).
        .after_connect(|conn, _| {
            Box::pin(async move {
                sqlx::query("SET random_page_cost = 1.1")
                    .execute(&mut *conn)
                    .await?;
                Ok(())
            })
        })
        .before_acquire(move |conn, meta| {
            let predates_loss = health.as_ref().is_some_and(|h| h.predates_loss(meta.age));
            Box::pin(async move {
                if predates_loss {
                    return Ok(false);
                }
                if meta.idle_for >= IDLE_BEFORE_TEST {
                    conn.ping().await?;
                }
                Ok(true)
            })
        })
        .connect_with(options)
        .await?)
}

/// Creates `name` through a maintenance connection unless it exists.
pub async fn create_database(maintenance_url: &str, name: &str) -> anyhow::Result<()> {
    let mut conn = PgConnection::connect(maintenance_url).await?;
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(name)
            .fetch_one(&mut conn)
            .await?;
    if !exists {
        // Identifiers cannot be bound parameters; `name` is quoted as an identifier.
        let sql = format!("CREATE DATABASE \"{}\"", name.replace('"', "\"\""));
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(&mut conn)
            .await?;
    }
    conn.close().await?;
    Ok(())
}
