//! Murphy's configuration: one clap struct, every option also an environment variable.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(name = "murphy", version, about = "Self-hosted incident response.")]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Serve the web application and the API (the default).
    Serve,
    /// Apply database migrations, then exit.
    Migrate,
    /// Manage accounts (works whether or not Murphy is running).
    User {
        #[command(subcommand)]
        action: UserCommand,
    },
    /// Manage API tokens (works whether or not Murphy is running).
    Token {
        #[command(subcommand)]
        action: TokenCommand,
    },
    /// Write every incident, with its team, timeline, updates, tasks, post-mortem and action
    /// items, and the people, services and runbooks they refer to, as JSON lines.
    Export {
        /// Where to write; standard output when omitted.
        #[arg(long, short)]
        output: Option<std::path::PathBuf>,
    },
    /// Write the public status page (HTML, JSON, feeds, badges, widget, assets) as static
    /// files under DIR, laid out as Murphy serves them, to host elsewhere.
    StatusExport {
        /// The folder to write into (created if missing).
        dir: std::path::PathBuf,
    },
    /// Fill the database with realistic demo incidents over several years (for trying Murphy
    /// out and for benchmarks). Refuses a database holding other incidents unless --force.
    DemoData {
        /// How many incidents.
        #[arg(long, default_value_t = 10_000)]
        incidents: usize,
        /// Over how many years, ending now.
        #[arg(long, default_value_t = 5)]
        years: i64,
        /// The random seed: the same seed gives the same mix.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Load even though the database holds incidents that are not demo data.
        #[arg(long)]
        force: bool,
    },
    /// Load what `murphy export` wrote into a database that has no incidents yet. Everything
    /// is loaded in one transaction: on any error nothing is.
    Import {
        /// The file to read; `-` for standard input.
        file: std::path::PathBuf,
    },
}

#[derive(Debug, Clone, Subcommand)]
pub enum UserCommand {
    /// Create an account. The password is read from standard input when it is not a
    /// terminal, and prompted for otherwise.
    Add {
        /// The email address the person signs in with.
        email: String,
        /// The name shown to others.
        #[arg(long)]
        name: String,
        /// viewer, responder or admin.
        #[arg(long, default_value = "responder")]
        role: String,
    },
    /// Set a person's password (read like `user add` does) and end their sessions.
    Password {
        /// The email address the person signs in with.
        email: String,
    },
}

#[derive(Debug, Clone, Subcommand)]
pub enum TokenCommand {
    /// Create an API token for a person and print it alone on standard output.
    Create {
        /// The owner's email; the token acts with their role.
        #[arg(long)]
        user: String,
        /// What the token is for.
        #[arg(long)]
        name: String,
        /// Limit the token to a scope (repeat for more): read, alerts, incidents,
        /// postmortems, services, status or admin. None: everything the owner may do.
        #[arg(long = "scope")]
        scopes: Vec<String>,
        /// Days until the token stops working; 0 (the default) for never.
        #[arg(long, default_value_t = 0)]
        expires_in_days: i64,
    },
}

#[derive(Debug, Clone, Args)]
pub struct Config {
    /// PostgreSQL server to use, e.g. postgres://murphy@db.internal/murphy. When unset, Murphy
    /// runs its own private PostgreSQL cluster inside the data folder.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,

    /// Folder for the embedded database. Default: $XDG_DATA_HOME/murphy (~/.local/share/murphy),
    /// or /var/lib/murphy when running as root.
    #[arg(long, env = "MURPHY_DATA_DIR", global = true)]
    pub data_dir: Option<PathBuf>,

    /// Address to serve HTTP on.
    #[arg(
        long,
        env = "MURPHY_LISTEN",
        default_value = "127.0.0.1:3000",
        global = true
    )]
    pub listen: SocketAddr,

    /// Log output: human-readable text or JSON lines.
    #[arg(long, env = "MURPHY_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,

    /// Most database connections Murphy keeps open.
    #[arg(long, env = "MURPHY_DB_POOL_SIZE", default_value_t = 16, global = true,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub db_pool_size: u32,

    /// The address people use to reach Murphy, e.g. https://murphy.example.com. When it is
    /// https, cookies are marked Secure and HSTS is sent.
    #[arg(long, env = "MURPHY_PUBLIC_URL", global = true, value_parser = public_url)]
    pub public_url: Option<String>,

    /// A second address that serves only the public status page (its HTML, JSON, feeds,
    /// badges and widget), so that Murphy itself can stay on an internal address.
    #[arg(long, env = "MURPHY_STATUS_LISTEN", global = true)]
    pub status_listen: Option<std::net::SocketAddr>,

    /// The SMTP server Murphy sends email through: `smtp://host:25` (plain),
    /// `smtp://user:password@host:587?tls=required` (STARTTLS) or `smtps://host:465` (TLS).
    /// Without it Murphy sends no email and queues none.
    #[arg(long, env = "MURPHY_SMTP_URL", global = true, hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// The sender of Murphy's email.
    #[arg(
        long,
        env = "MURPHY_MAIL_FROM",
        default_value = "Murphy <murphy@localhost>",
        global = true
    )]
    pub mail_from: String,

    /// The public status page's name, shown in its title and JSON ("Example status").
    /// Unset: "Service status" in each visitor's language.
    #[arg(long, env = "MURPHY_STATUS_NAME", default_value = "", global = true)]
    pub status_name: String,

    /// The OpenID Connect issuer people sign in with (its discovery document is
    /// `ISSUER/.well-known/openid-configuration`). Unset: no single sign-on.
    #[arg(long, env = "MURPHY_OIDC_ISSUER", global = true)]
    pub oidc_issuer: Option<String>,

    /// Murphy's client id at the identity provider.
    #[arg(long, env = "MURPHY_OIDC_CLIENT_ID", default_value = "", global = true)]
    pub oidc_client_id: String,

    /// The client secret; unset for a public client (PKCE alone).
    #[arg(
        long,
        env = "MURPHY_OIDC_CLIENT_SECRET",
        global = true,
        hide_env_values = true
    )]
    pub oidc_client_secret: Option<String>,

    /// Scopes asked for, space- or comma-separated (`openid` is always asked).
    #[arg(
        long,
        env = "MURPHY_OIDC_SCOPES",
        default_value = "openid email profile",
        global = true
    )]
    pub oidc_scopes: String,

    /// The name on the sign-in button: "Sign in with NAME".
    #[arg(
        long,
        env = "MURPHY_OIDC_NAME",
        default_value = "your company account",
        global = true
    )]
    pub oidc_name: String,

    /// Email domains whose people get an account at their first sign-in, comma-separated
    /// (`example.com, example.org`); others must have been added by an admin.
    #[arg(
        long,
        env = "MURPHY_OIDC_ALLOWED_DOMAINS",
        default_value = "",
        global = true
    )]
    pub oidc_allowed_domains: String,

    /// Roles from groups, applied at every sign-in: `sre-admins=admin,sre=responder,*=viewer`
    /// (the highest role of the groups matched; `*` for everyone else). Unset: new people
    /// are viewers and roles are set in Murphy.
    #[arg(long, env = "MURPHY_OIDC_ROLE_MAP", default_value = "", global = true)]
    pub oidc_role_map: String,

    /// The claim that lists a person's groups.
    #[arg(
        long,
        env = "MURPHY_OIDC_GROUPS_CLAIM",
        default_value = "groups",
        global = true
    )]
    pub oidc_groups_claim: String,

    /// Whether people may sign in with a password (`false` leaves only the identity
    /// provider; `murphy user password` still works).
    #[arg(
        long,
        env = "MURPHY_PASSWORD_LOGIN",
        default_value_t = true,
        action = clap::ArgAction::Set,
        global = true
    )]
    pub password_login: bool,

    /// Murphy sits behind a reverse proxy that appends the client's address to
    /// X-Forwarded-For: sign-in throttling then counts that address, not the proxy's.
    #[arg(
        long,
        env = "MURPHY_TRUST_PROXY",
        default_value_t = false,
        global = true
    )]
    pub trust_proxy: bool,

    /// Hours a signed-in session may sit unused before it ends.
    #[arg(
        long,
        env = "MURPHY_SESSION_IDLE_HOURS",
        default_value_t = 12,
        global = true,
        value_parser = clap::value_parser!(u32).range(1..)
    )]
    pub session_idle_hours: u32,

    /// Days after signing in that a session ends, however busy.
    #[arg(
        long,
        env = "MURPHY_SESSION_MAX_DAYS",
        default_value_t = 7,
        global = true,
        value_parser = clap::value_parser!(u32).range(1..)
    )]
    pub session_max_days: u32,

    /// Milliseconds before a failed webhook delivery is tried again; the wait doubles with
    /// each failure, up to six hours, for eight attempts.
    #[arg(
        long,
        env = "MURPHY_WEBHOOK_RETRY_MS",
        default_value_t = 10_000,
        global = true
    )]
    pub webhook_retry_ms: u64,

    /// Internal receivers webhooks may be sent to, comma-separated: networks (10.1.0.0/16),
    /// addresses (127.0.0.1) and host names (hooks.internal, *.corp.example). Without it
    /// Murphy sends only to public addresses.
    #[arg(long, env = "MURPHY_WEBHOOK_ALLOW", default_value = "", global = true)]
    pub webhook_allow: String,

    /// Internal receivers the status page's webhook subscribers may name, in the same form
    /// as MURPHY_WEBHOOK_ALLOW. Anyone can subscribe a webhook, so by default they reach
    /// only public addresses, whatever MURPHY_WEBHOOK_ALLOW allows.
    #[arg(
        long,
        env = "MURPHY_SUBSCRIBER_WEBHOOK_ALLOW",
        default_value = "",
        global = true
    )]
    pub subscriber_webhook_allow: String,

    /// Seconds a request may take before Murphy answers 503.
    #[arg(
        long,
        env = "MURPHY_REQUEST_TIMEOUT",
        default_value_t = 30,
        global = true,
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    pub request_timeout: u64,

    /// Seconds Murphy waits, after SIGTERM or Ctrl-C, for requests under way to finish
    /// before it stops anyway.
    #[arg(
        long,
        env = "MURPHY_DRAIN_SECONDS",
        default_value_t = 10,
        global = true
    )]
    pub drain_seconds: u64,

    /// The language of pages for people who have chosen none and whose browser asks for
    /// none Murphy speaks: `en` or `pt-BR`.
    #[arg(
        long,
        env = "MURPHY_DEFAULT_LANGUAGE",
        default_value = "en",
        global = true
    )]
    pub default_language: crate::i18n::Lang,
}

impl Config {
    /// The language the command line speaks: `MURPHY_DEFAULT_LANGUAGE` when it is set, else
    /// the terminal's locale, else English.
    pub fn terminal_language(&self) -> crate::i18n::Lang {
        if std::env::var_os("MURPHY_DEFAULT_LANGUAGE").is_some() {
            return self.default_language;
        }
        crate::i18n::Lang::of_locale(|name| std::env::var(name).ok()).unwrap_or_default()
    }
}

/// `MURPHY_PUBLIC_URL`: an absolute http(s) address, without a query or fragment (links
/// are made by appending paths to it).
fn public_url(value: &str) -> Result<String, String> {
    let url = url::Url::parse(value.trim())
        .ok()
        .filter(|u| matches!(u.scheme(), "https" | "http") && u.host_str().is_some())
        .ok_or("expected a web address starting with https:// or http://")?;
    if url.query().is_some() || url.fragment().is_some() {
        return Err("expected an address with no query or fragment".into());
    }
    Ok(value.trim().to_owned())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

impl Config {
    /// The data folder, resolved from the option or the platform default.
    pub fn data_dir(&self) -> PathBuf {
        if let Some(dir) = &self.data_dir {
            return dir.clone();
        }
        if nix::unistd::Uid::effective().is_root() {
            return PathBuf::from("/var/lib/murphy");
        }
        let base = std::env::var_os("XDG_DATA_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
            .unwrap_or_else(|| PathBuf::from("."));
        base.join("murphy")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn parse(args: &[&str]) -> Result<Config, String> {
        let mut all = vec!["murphy"];
        all.extend_from_slice(args);
        Cli::try_parse_from(all)
            .map(|cli| cli.config)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn defaults_are_what_the_readme_says() {
        let config = parse(&[]).unwrap();
        assert_eq!(config.listen, "127.0.0.1:3000".parse().unwrap());
        assert_eq!(config.request_timeout, 30);
        assert_eq!(config.drain_seconds, 10);
        assert_eq!(config.db_pool_size, 16);
        assert_eq!(config.session_idle_hours, 12);
        assert_eq!(config.session_max_days, 7);
        assert_eq!(config.public_url, None);
        assert!(config.password_login);
        assert!(!config.trust_proxy);
    }

    #[test]
    fn flags_are_read_before_or_after_the_command() {
        for args in [
            &["--public-url", "https://murphy.example.com", "serve"][..],
            &["serve", "--public-url", "https://murphy.example.com"][..],
        ] {
            let config = parse(args).unwrap();
            assert_eq!(
                config.public_url.as_deref(),
                Some("https://murphy.example.com")
            );
        }
        let config = parse(&["--password-login", "false", "--request-timeout", "5"]).unwrap();
        assert!(!config.password_login);
        assert_eq!(config.request_timeout, 5);
    }

    #[test]
    fn values_it_cannot_use_are_refused_with_the_reason() {
        for (args, said) in [
            (
                &["--public-url", "murphy.example.com"][..],
                "expected a web address starting with https:// or http://",
            ),
            (
                &["--public-url", "ftp://murphy.example.com"][..],
                "expected a web address starting with https:// or http://",
            ),
            (
                &["--public-url", "https://murphy.example.com/#top"][..],
                "expected an address with no query or fragment",
            ),
            (&["--request-timeout", "0"][..], "0 is not in 1.."),
            (&["--db-pool-size", "0"][..], "0 is not in 1.."),
            (&["--session-max-days", "0"][..], "0 is not in 1.."),
            (&["--listen", "3000"][..], "invalid socket address"),
            (&["--password-login", "maybe"][..], "maybe"),
        ] {
            let error = parse(args).unwrap_err();
            assert!(
                error.contains(&format!("invalid value '{}'", args[1])),
                "{args:?}: {error}"
            );
            assert!(error.contains(said), "{args:?}: {error}");
        }
        // Spaces around it are dropped.
        let config = parse(&["--public-url", " https://example.com/murphy/ "]).unwrap();
        assert_eq!(
            config.public_url.as_deref(),
            Some("https://example.com/murphy/")
        );
    }
}
