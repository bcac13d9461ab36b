//! Administrative commands: they work whether or not a Murphy server is running on the same
//! data folder (they then use its database).

use std::io::{BufRead, IsTerminal};

use anyhow::{Context, bail};

use crate::config::Config;
use crate::database::Database;
use crate::domain::audit::Actor;
use crate::domain::person::NewPerson;
use crate::secret::hash_password;
use crate::{MIGRATOR, store};

/// Reads a password: one line from standard input when it is not a terminal, otherwise a
/// prompt without echo, asked twice.
fn read_password() -> anyhow::Result<String> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        let mut line = String::new();
        stdin.lock().read_line(&mut line)?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_owned());
    }
    let first = rpassword::prompt_password("Password: ")?;
    let second = rpassword::prompt_password("Password again: ")?;
    if first != second {
        bail!("the two passwords differ; nothing was created");
    }
    Ok(first)
}

/// `murphy user add EMAIL --name NAME --role ROLE`.
pub async fn add_user(config: &Config, email: &str, name: &str, role: &str) -> anyhow::Result<()> {
    let password = read_password()?;
    let new = NewPerson::parse(email, name, role, &password).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(|e| e.message.clone()).collect();
        anyhow::anyhow!("{}", lines.join("\n"))
    })?;
    let hash = tokio::task::spawn_blocking(move || hash_password(&password)).await??;
    let database = Database::open_for_admin(config).await?;
    let result = async {
        MIGRATOR.run(&database.pool).await?;
        let mut tx = database.pool.begin().await?;
        let person = match store::people::create(&mut *tx, &new, &hash).await? {
            Ok(person) => person,
            Err(errors) => bail!("{}", errors.get("email").unwrap_or("invalid input")),
        };
        store::audit::record(
            &mut *tx,
            &Actor::command_line(),
            crate::domain::audit::Change {
                action: "person.create",
                entity: "person",
                entity_id: person.id.to_string(),
                incident_id: None,
                summary: format!("Added {} as {}", person.label(), person.role.label()),
                before: None,
                after: Some(crate::web::admin_person_json(&person)),
            },
        )
        .await?;
        tx.commit().await?;
        eprintln!(
            "Created {} ({}). They can sign in now.",
            person.label(),
            person.role.label().to_lowercase()
        );
        Ok(())
    }
    .await;
    database.close().await?;
    result
}

/// `murphy token create --user EMAIL --name NAME`: prints the token alone on stdout.
pub async fn create_token(config: &Config, email: &str, name: &str) -> anyhow::Result<()> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        bail!("the token name must have 1 to 100 characters");
    }
    let database = Database::open_for_admin(config).await?;
    let result = async {
        MIGRATOR.run(&database.pool).await?;
        let person = store::people::find_by_email(&database.pool, email)
            .await?
            .filter(|p| p.active)
            .with_context(|| format!("no active account has the email {email}"))?;
        let mut tx = database.pool.begin().await?;
        let secret =
            crate::web::issue_token(&mut tx, &Actor::command_line(), &person, name).await?;
        tx.commit().await?;
        println!("{secret}");
        Ok(())
    }
    .await;
    database.close().await?;
    result
}

/// `murphy user password EMAIL`: sets the password and signs the person out everywhere.
pub async fn set_password(config: &Config, email: &str) -> anyhow::Result<()> {
    let password = read_password()?;
    let mut errors = crate::domain::validation::FieldErrors::new();
    crate::domain::person::password(&mut errors, "password", &password);
    if let Some(e) = errors.get("password") {
        bail!("{e}");
    }
    let hash = tokio::task::spawn_blocking(move || hash_password(&password)).await??;
    let database = Database::open_for_admin(config).await?;
    let result = async {
        MIGRATOR.run(&database.pool).await?;
        let person = store::people::find_by_email(&database.pool, email)
            .await?
            .with_context(|| format!("no account has the email {email}"))?;
        let mut tx = database.pool.begin().await?;
        store::people::set_password(&mut *tx, person.id, &hash).await?;
        store::sessions::delete_for(&mut *tx, person.id).await?;
        store::audit::record(
            &mut *tx,
            &Actor::command_line(),
            crate::domain::audit::Change {
                action: "person.password",
                entity: "person",
                entity_id: person.id.to_string(),
                incident_id: None,
                summary: format!("Set a new password for {}", person.label()),
                before: None,
                after: None,
            },
        )
        .await?;
        tx.commit().await?;
        eprintln!("Password set for {}.", person.label());
        Ok(())
    }
    .await;
    database.close().await?;
    result
}

/// `murphy export [--output FILE]`: a header line, then people, services, runbooks and
/// incidents as JSON lines, read in batches so memory stays flat.
pub async fn export(config: &Config, output: Option<&std::path::Path>) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out: Box<dyn Write> = match output {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?,
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
        let header = serde_json::json!({"type": "murphy-export", "format": EXPORT_FORMAT});
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
        eprintln!("Exported {count} incident(s).");
        anyhow::Ok(())
    }
    .await;
    database.close().await?;
    result
}

/// The export format's version, written in the header line and checked on import.
pub const EXPORT_FORMAT: i64 = 1;

/// Replaces every string equal to a key of `ids` with its value, anywhere in `value`.
fn remap(value: &mut serde_json::Value, ids: &std::collections::HashMap<String, String>) {
    match value {
        serde_json::Value::String(s) => {
            if let Some(new) = ids.get(s.as_str()) {
                *s = new.clone();
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| remap(v, ids)),
        serde_json::Value::Object(map) => map.values_mut().for_each(|v| remap(v, ids)),
        _ => {}
    }
}

/// `murphy import FILE`: loads an export into a database without incidents, in one
/// transaction. People and services that already exist (same email or name) are used
/// instead of the exported ones; imported people get no password.
pub async fn import(config: &Config, file: &std::path::Path) -> anyhow::Result<()> {
    use std::collections::HashMap;
    let reader: Box<dyn BufRead> = if file.as_os_str() == "-" {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        Box::new(std::io::BufReader::new(
            std::fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?,
        ))
    };
    let database = Database::open_for_admin(config).await?;
    let result = async {
        MIGRATOR.run(&database.pool).await?;
        let mut tx = database.pool.begin().await?;
        store::demo::bulk_load(&mut tx).await?;
        let existing = store::transfer::incident_count(&mut *tx).await?;
        if existing > 0 {
            bail!(
                "this database already has {existing} incident(s); murphy import loads into a database without incidents"
            );
        }
        let mut ids: HashMap<String, String> = HashMap::new();
        let (mut people, mut services, mut incidents) = (0u64, 0u64, 0u64);
        let mut no_password = 0u64;
        for (n, line) in reader.lines().enumerate() {
            let n = n + 1;
            let line = line.with_context(|| format!("cannot read line {n}"))?;
            if line.trim().is_empty() {
                continue;
            }
            let mut value: serde_json::Value = serde_json::from_str(&line)
                .with_context(|| format!("line {n} is not JSON"))?;
            let kind = value
                .get("type")
                .and_then(|t| t.as_str())
                .unwrap_or_default()
                .to_owned();
            if n == 1 {
                let format = value.get("format").and_then(|f| f.as_i64());
                if kind != "murphy-export" || format != Some(EXPORT_FORMAT) {
                    bail!("line 1 is not a Murphy export header (format {EXPORT_FORMAT})");
                }
                continue;
            }
            remap(&mut value, &ids);
            let row = value.get("row").cloned().unwrap_or_default();
            let field = |k: &str| row.get(k).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
            let step = async {
                match kind.as_str() {
                    "person" => {
                        match store::transfer::person_by_email(&mut *tx, &field("email")).await? {
                            Some(id) => {
                                ids.insert(field("id"), id.to_string());
                            }
                            None => {
                                store::transfer::insert_person(&mut tx, &row).await?;
                                no_password += 1;
                            }
                        }
                        people += 1;
                    }
                    "service" => {
                        match store::transfer::service_by_name(&mut *tx, &field("name")).await? {
                            Some(id) => {
                                ids.insert(field("id"), id.to_string());
                            }
                            None => store::transfer::insert_service(&mut tx, &row).await?,
                        }
                        services += 1;
                    }
                    "runbook" => store::transfer::insert_runbook(&mut tx, &row).await?,
                    "incident" => {
                        store::transfer::insert_incident(&mut tx, &value).await?;
                        incidents += 1;
                    }
                    other => bail!("unknown line type \"{other}\""),
                }
                anyhow::Ok(())
            };
            step.await.with_context(|| format!("line {n} ({kind})"))?;
            if incidents > 0 && incidents.is_multiple_of(1000) && kind == "incident" {
                eprint!("\rImported {incidents} incident(s)…");
            }
        }
        store::transfer::reset_number_sequence(&mut tx).await?;
        store::audit::record(
            &mut *tx,
            &Actor::command_line(),
            crate::domain::audit::Change {
                action: "import",
                entity: "database",
                entity_id: String::new(),
                incident_id: None,
                summary: format!(
                    "Imported {incidents} incident(s), {people} person(s), {services} service(s)"
                ),
                before: None,
                after: None,
            },
        )
        .await?;
        tx.commit().await?;
        eprintln!(
            "\rImported {incidents} incident(s), {people} person(s) and {services} service(s)."
        );
        if no_password > 0 {
            eprintln!(
                "{no_password} imported person(s) have no password yet: set one with `murphy user password EMAIL`."
            );
        }
        Ok(())
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
        crate::demo::run(&database.pool, incidents, years, seed, force).await
    }
    .await;
    database.close().await?;
    result
}
