//! The `murphy` command.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use murphy::app::housekeeping::forget_expired;
use murphy::config::{Cli, Command, Config, LogFormat, TokenCommand, UserCommand};
use murphy::database::Database;
use murphy::domain::destination::Destinations;
use murphy::web::auth::AuthSettings;
use murphy::{AppState, MIGRATOR, app};
use std::net::SocketAddr;
use tokio::net::TcpListener;
use tokio::signal::unix::{SignalKind, signal};
use tracing_subscriber::EnvFilter;

/// mimalloc: fewer cycles per allocation than glibc's malloc on the request path, and a
/// smaller resident set under load.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc keeps freed pages for a while before giving them back, and a thread that goes
/// idle may keep them until it allocates again: after a large report the process stayed
/// 40 MB bigger for seconds. Giving them back at once costs no measurable speed here.
fn return_freed_memory_at_once() {
    // mimalloc's `mi_option_purge_delay` (15 in both of its versions' option lists; the
    // crate does not name it).
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: called first thing in main, before any other thread exists (the function is
    // not thread safe); it stores an option value that mimalloc reads at each purge.
    unsafe {
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 0);
    }
}

fn main() -> ExitCode {
    return_freed_memory_at_once();
    let cli = Cli::parse();
    init_tracing(cli.config.log_format);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("murphy: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli.command.unwrap_or(Command::Serve) {
            Command::Serve => serve(cli.config).await,
            Command::Migrate => migrate(cli.config).await,
            Command::User {
                action: UserCommand::Add { email, name, role },
            } => murphy::cli::add_user(&cli.config, &email, &name, &role).await,
            Command::User {
                action: UserCommand::Password { email },
            } => murphy::cli::set_password(&cli.config, &email).await,
            Command::DemoData {
                incidents,
                years,
                seed,
                force,
            } => murphy::cli::demo_data(&cli.config, incidents, years, seed, force).await,
            Command::StatusExport { dir } => status_export(cli.config, &dir).await,
            Command::Export { output } => murphy::cli::export(&cli.config, output.as_deref()).await,
            Command::Import { file } => murphy::cli::import(&cli.config, &file).await,
            Command::Token {
                action:
                    TokenCommand::Create {
                        user,
                        name,
                        scopes,
                        expires_in_days,
                    },
            } => {
                murphy::cli::create_token(&cli.config, &user, &name, &scopes, expires_in_days).await
            }
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // The chain, without a backtrace: these are messages for the operator.
            eprintln!("murphy: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Logs go to standard error for every command: standard output carries only a command's
/// result (`murphy export > file`, `murphy token create`). Colours only on a terminal.
fn init_tracing(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("murphy=info,tower_http=info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().flatten_event(true).init(),
    }
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let webhook_allow = Destinations::parse(&config.webhook_allow)
        .map_err(|e| anyhow::anyhow!("MURPHY_WEBHOOK_ALLOW: {e}"))?;
    let subscriber_allow = Destinations::parse(&config.subscriber_webhook_allow)
        .map_err(|e| anyhow::anyhow!("MURPHY_SUBSCRIBER_WEBHOOK_ALLOW: {e}"))?;
    let mut database = Database::open(&config).await?;
    let served = async {
        MIGRATOR.run(&database.pool).await?;
        database.watch();
        let listener = TcpListener::bind(config.listen)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", config.listen))?;
        tracing::info!("Murphy is serving on http://{}", listener.local_addr()?);
        let state = AppState {
            request_timeout_secs: config.request_timeout,
            auth: AuthSettings {
                idle: time::Duration::hours(config.session_idle_hours.into()),
                absolute: time::Duration::days(config.session_max_days.into()),
                secure: config
                    .public_url
                    .as_deref()
                    .is_some_and(|u| u.starts_with("https://")),
                trust_proxy: config.trust_proxy,
            },
            public_url: match config.public_url.as_deref() {
                Some(url) => url.trim_end_matches('/').to_owned(),
                None => {
                    let here = format!("http://{}", listener.local_addr()?);
                    tracing::info!(
                        "MURPHY_PUBLIC_URL is not set: links in email and feeds use {here}"
                    );
                    here
                }
            },
            status_name: config.status_name.clone(),
            mailer: murphy::runtime::mailer::from_config(
                config.smtp_url.as_deref(),
                &config.mail_from,
            )?,
            webhook_retry: time::Duration::milliseconds(
                i64::try_from(config.webhook_retry_ms).unwrap_or(i64::MAX),
            ),
            health: database.health.clone(),
            password_login: config.password_login,
            default_language: config.default_language,
            ..AppState::new(database.pool.clone())
        }
        .with_webhook_destinations(webhook_allow)
        .with_subscriber_destinations(subscriber_allow);
        let state = AppState {
            sso: sso_from(&config, &state.public_url)?,
            ..state
        };
        if let Some(sso) = &state.sso {
            // Read the provider's document now, so that a mistake shows in the log at once
            // (sign-ins read it again if the provider was away).
            match sso.discover(false).await {
                Ok(_) => tracing::info!(issuer = %sso.settings.issuer, "single sign-on ready"),
                Err(e) => tracing::warn!(issuer = %sso.settings.issuer, error = %e, "single sign-on: the identity provider is not reachable yet"),
            }
        }
        state.live.start();
        tokio::spawn(clean_up(state.clone()));
        tokio::spawn(murphy::runtime::webhook_sender::worker(state.clone()));
        tokio::spawn(murphy::runtime::maintenance::worker(state.clone()));
        tokio::spawn(murphy::runtime::mailer::worker(state.clone()));
        let live = state.live.clone();
        let (stopping, mut stop_asked) = tokio::sync::watch::channel(false);
        if let Some(address) = config.status_listen {
            let status = TcpListener::bind(address)
                .await
                .map_err(|e| anyhow::anyhow!("cannot listen on {address}: {e}"))?;
            tracing::info!(
                "the public status page is served on http://{}",
                status.local_addr()?
            );
            let service =
                murphy::status_app(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
            let mut stop = stop_asked.clone();
            tokio::spawn(async move {
                let served = axum::serve(status, service)
                    .with_graceful_shutdown(async move {
                        let _ = stop.wait_for(|s| *s).await;
                    })
                    .await;
                if let Err(e) = served {
                    tracing::error!(error = %e, "the status page listener stopped");
                }
            });
        }
        let service = app(state).into_make_service_with_connect_info::<SocketAddr>();
        let server = axum::serve(listener, service).with_graceful_shutdown(async move {
            shutdown_signal().await;
            // Event streams never end by themselves: end them so requests can drain.
            live.close();
            stopping.send_replace(true);
        });
        let drain = std::time::Duration::from_secs(config.drain_seconds);
        tokio::select! {
            served = server => served?,
            _ = async {
                let _ = stop_asked.wait_for(|s| *s).await;
                tokio::time::sleep(drain).await;
            } => tracing::warn!(seconds = drain.as_secs(), "requests still under way after the drain time; stopping anyway"),
        }
        tracing::info!("requests drained");
        anyhow::Ok(())
    }
    .await;
    let closed = database.close().await;
    served.and(closed)
}

async fn status_export(config: Config, dir: &std::path::Path) -> anyhow::Result<()> {
    let database = Database::open_for_admin(&config).await?;
    let exported = async {
        MIGRATOR.run(&database.pool).await?;
        let state = AppState {
            status_name: config.status_name.clone(),
            public_url: config
                .public_url
                .as_deref()
                .unwrap_or_default()
                .trim_end_matches('/')
                .to_owned(),
            ..AppState::new(database.pool.clone())
        };
        let written = murphy::web::status::export::export(&state, dir).await?;
        println!(
            "{}",
            config.terminal_language().t2(
                "cli-status-written",
                "count",
                written,
                "dir",
                dir.display().to_string()
            )
        );
        anyhow::Ok(())
    }
    .await;
    database.close().await?;
    exported
}

async fn migrate(config: Config) -> anyhow::Result<()> {
    let database = Database::open(&config).await?;
    let migrated = MIGRATOR.run(&database.pool).await;
    database.close().await?;
    migrated?;
    println!("{}", config.terminal_language().t("cli-migrated"));
    Ok(())
}

/// Hourly: forgets ended sessions, sign-in failures and idempotency keys older than a day,
/// and webhook deliveries delivered more than 30 days ago. A round that fails (the database
/// away) is tried again a minute later.
async fn clean_up(state: AppState) {
    const EVERY: std::time::Duration = std::time::Duration::from_secs(3600);
    const AGAIN: std::time::Duration = std::time::Duration::from_secs(60);
    loop {
        let now = time::OffsetDateTime::now_utc();
        let forgotten = forget_expired(&state.ctx(), state.auth.idle, now).await;
        let mut failed = false;
        match forgotten.sessions {
            Ok(removed) if removed > 0 => tracing::info!(removed, "expired sessions cleaned"),
            Ok(_) => {}
            Err(e) => {
                failed = true;
                tracing::warn!(error = %e, "session clean-up failed");
            }
        }
        if let Err(e) = forgotten.idempotency_keys {
            failed = true;
            tracing::warn!(error = %e, "idempotency key clean-up failed");
        }
        if let Err(e) = forgotten.deliveries {
            failed = true;
            tracing::warn!(error = %e, "webhook delivery clean-up failed");
        }
        if let Err(e) = forgotten.subscribe_requests {
            failed = true;
            tracing::warn!(error = %e, "subscribe request clean-up failed");
        }
        if let Err(e) = forgotten.reset_links {
            failed = true;
            tracing::warn!(error = %e, "password-reset link clean-up failed");
        }
        if let Err(e) = forgotten.sign_ins {
            failed = true;
            tracing::warn!(error = %e, "unfinished sign-in clean-up failed");
        }
        if let Err(e) = forgotten.feed_events {
            failed = true;
            tracing::warn!(error = %e, "change feed clean-up failed");
        }
        tokio::time::sleep(if failed { AGAIN } else { EVERY }).await;
    }
}

/// Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    match signal(SignalKind::terminate()) {
        Ok(mut term) => {
            tokio::select! {
                _ = ctrl_c => {}
                _ = term.recv() => {}
            }
        }
        Err(_) => {
            let _ = ctrl_c.await;
        }
    }
    tracing::info!("shutting down: draining requests");
}

/// Single sign-on from `MURPHY_OIDC_*`, if an issuer is set.
fn sso_from(
    config: &Config,
    public_url: &str,
) -> anyhow::Result<Option<std::sync::Arc<murphy::runtime::sso::Sso>>> {
    let Some(issuer) = config
        .oidc_issuer
        .as_deref()
        .map(str::trim)
        .filter(|i| !i.is_empty())
    else {
        return Ok(None);
    };
    if config.oidc_client_id.trim().is_empty() {
        anyhow::bail!("MURPHY_OIDC_ISSUER is set but MURPHY_OIDC_CLIENT_ID is not");
    }
    let role_map = murphy::domain::sso::RoleMap::parse(&config.oidc_role_map)
        .map_err(|e| anyhow::anyhow!("MURPHY_OIDC_ROLE_MAP: {e}"))?;
    let mut scopes: Vec<String> = config
        .oidc_scopes
        .split([' ', ','])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    if !scopes.iter().any(|s| s == "openid") {
        scopes.insert(0, "openid".into());
    }
    let settings = murphy::domain::sso::Settings {
        issuer: issuer.to_owned(),
        client_id: config.oidc_client_id.trim().to_owned(),
        client_secret: config.oidc_client_secret.clone().filter(|s| !s.is_empty()),
        scopes,
        name: config.oidc_name.clone(),
        allowed_domains: murphy::domain::sso::AllowedDomains::parse(&config.oidc_allowed_domains),
        role_map,
        groups_claim: config.oidc_groups_claim.clone(),
        redirect_url: format!("{public_url}/login/oidc/callback"),
    };
    Ok(Some(std::sync::Arc::new(murphy::runtime::sso::Sso::new(
        settings,
    ))))
}
