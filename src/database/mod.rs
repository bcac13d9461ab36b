//! Opening the database: the server named by `DATABASE_URL`, or the embedded cluster.

pub mod embedded;

use std::time::Duration;

use anyhow::Context;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection, PgConnection, PgPool};

use crate::config::Config;
use crate::database::embedded::{Durability, LocalPg, LocalPgError};

/// The name of Murphy's database inside the embedded cluster.
pub const EMBEDDED_DATABASE: &str = "murphy";

/// An open pool, and the embedded cluster behind it when Murphy started one.
pub struct Database {
    pub pool: PgPool,
    local: Option<LocalPg>,
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
        let pool = pool(&url, config.db_pool_size)
            .await
            .context("cannot connect to PostgreSQL")?;
        Ok(Database { pool, local })
    }

    /// Closes every connection, then stops the embedded cluster if there is one.
    pub async fn close(self) -> anyhow::Result<()> {
        self.pool.close().await;
        if let Some(local) = self.local {
            tokio::task::spawn_blocking(move || local.stop()).await??;
            tracing::info!("embedded PostgreSQL stopped");
        }
        Ok(())
    }
}

/// A pooled connection idle this long is tested before it is handed out.
const IDLE_BEFORE_TEST: Duration = Duration::from_secs(1);

/// A connection pool to `url`.
pub async fn pool(url: &str, size: u32) -> anyhow::Result<PgPool> {
    let options: PgConnectOptions = url.parse()?;
    Ok(PgPoolOptions::new()
        .max_connections(size)
        .acquire_timeout(Duration::from_secs(10))
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
        .before_acquire(|conn, meta| {
            Box::pin(async move {
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
