//! Administrative commands: they work whether or not a Murphy server is running on the same
//! data folder (they then use its database).

pub mod demo_data;

use crate::i18n::Lang;
use std::io::{BufRead, IsTerminal};

use anyhow::{Context, bail};

use crate::app::{self, Actor};
use crate::config::Config;
use crate::database::Database;
use crate::domain::person::NewPerson;
use crate::runtime::cache::Caches;
use crate::{MIGRATOR, store};

/// Reads a password: one line from standard input when it is not a terminal, otherwise a
/// prompt without echo, asked twice.
fn read_password(lang: Lang) -> anyhow::Result<String> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        let mut line = String::new();
        stdin.lock().read_line(&mut line)?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_owned());
    }
    let first = rpassword::prompt_password(format!("{} ", lang.t("cli-password")))?;
    let second = rpassword::prompt_password(format!("{} ", lang.t("cli-password-again")))?;
    if first != second {
        bail!("{}", lang.t("cli-passwords-differ"));
    }
    Ok(first)
}

/// `murphy user add EMAIL --name NAME --role ROLE`.
pub async fn add_user(config: &Config, email: &str, name: &str, role: &str) -> anyhow::Result<()> {
    let lang = config.terminal_language();
    let password = read_password(lang)?;
    let new = NewPerson::parse(email, name, role, &password).map_err(|errors| {
        let errors = errors.in_lang(lang);
        let lines: Vec<String> = errors.iter().map(|e| e.message.clone()).collect();
        anyhow::anyhow!("{}", lines.join("\n"))
    })?;
    let database = Database::open_for_admin(config).await?;
    let result = async {
        MIGRATOR.run(&database.pool).await?;
        let caches = Caches::new();
        let ctx = command_line(&database, &caches);
        let person = match app::people::create(&ctx, &Actor::CommandLine, &new).await? {
            Ok(person) => person,
            Err(errors) => bail!("{}", errors.in_lang(lang).get("email").unwrap_or_default()),
        };
        eprintln!(
            "{}",
            lang.t2(
                "cli-user-created",
                "person",
                person.label(),
                "role",
                lang.tk("audit-role-", person.role.as_str()),
            )
        );
        Ok(())
    }
    .await;
    database.close().await?;
    result
}

/// The command line adds no webhooks: it allows no internal receivers.
static PUBLIC_ONLY: crate::domain::destination::Destinations =
    crate::domain::destination::Destinations::PUBLIC_ONLY;

/// What the use cases work with from the command line: the database, and copies nobody
/// reads (a running server hears of changes through PostgreSQL).
fn command_line<'a>(database: &'a Database, caches: &'a Caches) -> app::Ctx<'a> {
    app::Ctx {
        db: &database.pool,
        caches,
        public_url: "",
        webhook_destinations: &PUBLIC_ONLY,
        mail_enabled: false,
        status_name: "",
        subscriber_destinations: &PUBLIC_ONLY,
        default_language: crate::i18n::Lang::En,
    }
}

/// `murphy token create --user EMAIL --name NAME [--scope S]… [--expires-in-days N]`:
/// prints the token alone on stdout.
pub async fn create_token(
    config: &Config,
    email: &str,
    name: &str,
    scopes: &[String],
    expires_in_days: i64,
) -> anyhow::Result<()> {
    let lang = config.terminal_language();
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        bail!("{}", lang.t("cli-token-name"));
    }
    let refused = |e: crate::domain::validation::FieldErrors| {
        anyhow::anyhow!(
            "{}",
            e.in_lang(lang)
                .iter()
                .map(|e| e.message.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        )
    };
    let scopes = crate::domain::token::Scopes::parse(scopes, "scope").map_err(refused)?;
    let expires_at = crate::domain::token::expiry(
        expires_in_days,
        time::OffsetDateTime::now_utc(),
        "expires-in-days",
    )
    .map_err(refused)?;
    let new = app::tokens::NewToken {
        name: name.to_owned(),
        scopes,
        expires_at,
    };
    let database = Database::open_for_admin(config).await?;
    let result = async {
        MIGRATOR.run(&database.pool).await?;
        let person = store::people::find_by_email(&database.pool, email)
            .await?
            .filter(|p| p.active)
            .with_context(|| lang.t1("val-no-such-account", "email", email))?;
        let caches = Caches::new();
        let ctx = command_line(&database, &caches);
        let secret = app::tokens::issue(&ctx, &Actor::CommandLine, &person, &new).await?;
        println!("{secret}");
        Ok(())
    }
    .await;
    database.close().await?;
    result
}

/// `murphy user password EMAIL`: sets the password and signs the person out everywhere.
pub async fn set_password(config: &Config, email: &str) -> anyhow::Result<()> {
    let lang = config.terminal_language();
    let password = read_password(lang)?;
    let mut errors = crate::domain::validation::FieldErrors::new();
    crate::domain::person::password(&mut errors, "password", &password);
    let errors = errors.in_lang(lang);
    if let Some(e) = errors.get("password") {
        bail!("{e}");
    }
    let database = Database::open_for_admin(config).await?;
    let result = async {
        MIGRATOR.run(&database.pool).await?;
        let caches = Caches::new();
        let ctx = command_line(&database, &caches);
        let person = app::people::set_password(&ctx, &Actor::CommandLine, email, &password)
            .await?
            .with_context(|| lang.t1("cli-no-account", "email", email))?;
        eprintln!("{}", lang.t1("cli-password-set", "person", person.label()));
        Ok(())
    }
    .await;
    database.close().await?;
    result
}

/// `murphy export [--output FILE]`: a header line, then people, services, runbooks and
/// incidents as JSON lines, read in batches so memory stays flat.
pub async fn export(config: &Config, output: Option<&std::path::Path>) -> anyhow::Result<()> {
    let lang = config.terminal_language();
    use std::io::Write;
    let mut out: Box<dyn Write> = match output {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| {
                lang.t1("cli-cannot-create", "file", path.display().to_string())
            })?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let database = Database::open_for_admin(config).await?;
    let result = async {
        MIGRATOR.run(&database.pool).await?;
        // One snapshot for the whole export.
        let mut tx = database
            .pool
            .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .await?;
        let header =
            serde_json::json!({"type": "murphy-export", "format": app::transfer::EXPORT_FORMAT});
        writeln!(out, "{header}")?;
        for line in store::transfer::directory(&mut tx).await? {
            writeln!(out, "{line}")?;
        }
        let mut after = 0;
        let mut count = 0u64;
        loop {
            let batch = store::transfer::incidents_after(&mut *tx, after).await?;
            let Some((last, _)) = batch.last() else { break };
            after = *last;
            for (_, line) in &batch {
                writeln!(out, "{line}")?;
            }
            count += batch.len() as u64;
        }
        tx.commit().await?;
        out.flush()?;
        eprintln!("{}", lang.t1("cli-exported", "count", count_of(count)));
        anyhow::Ok(())
    }
    .await;
    database.close().await?;
    result
}

/// `murphy import FILE`: loads an export into a database without incidents, in one
/// transaction. People and services that already exist (same email or name) are used
/// instead of the exported ones; imported people get no password.
pub async fn import(config: &Config, file: &std::path::Path) -> anyhow::Result<()> {
    let lang = config.terminal_language();
    let reader: Box<dyn BufRead + Send> = if file.as_os_str() == "-" {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        Box::new(std::io::BufReader::new(
            std::fs::File::open(file)
                .with_context(|| lang.t1("cli-cannot-open", "file", file.display().to_string()))?,
        ))
    };
    let database = Database::open_for_admin(config).await?;
    let result = async {
        MIGRATOR.run(&database.pool).await?;
        let caches = Caches::new();
        let ctx = command_line(&database, &caches);
        let progress = |incidents: u64| {
            eprint!(
                "\r{}",
                lang.t1("cli-importing", "count", count_of(incidents))
            )
        };
        let done = app::transfer::import(&ctx, &Actor::CommandLine, reader, progress).await?;
        eprintln!(
            "\r{}",
            lang.t_with(
                "cli-imported",
                &[
                    ("incidents", &count_of(done.incidents)),
                    ("people", &count_of(done.people)),
                    ("services", &count_of(done.services)),
                ]
            )
        );
        if done.no_password > 0 {
            eprintln!(
                "{}",
                lang.t1("cli-no-password", "count", count_of(done.no_password))
            );
        }
        anyhow::Ok(())
    }
    .await;
    database.close().await?;
    result
}

/// `murphy demo-data --incidents N`.
pub async fn demo_data(
    config: &Config,
    incidents: usize,
    years: i64,
    seed: u64,
    force: bool,
) -> anyhow::Result<()> {
    let database = Database::open_for_admin(config).await?;
    let result = async {
        MIGRATOR.run(&database.pool).await?;
        crate::cli::demo_data::run(&database.pool, incidents, years, seed, force).await
    }
    .await;
    database.close().await?;
    result
}

/// A tally as a message's count.
fn count_of(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}
