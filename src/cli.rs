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
