//! Loading what `murphy export` wrote into a database without incidents, in one
//! transaction: on any error nothing is loaded.

use std::collections::HashMap;
use std::io::BufRead;

use anyhow::{Context, bail};

use super::{Actor, Ctx, Result, record};
use crate::domain::audit::Change;
use crate::i18n::Message;
use crate::store;

/// The export format's version, written in the header line and checked on import.
pub const EXPORT_FORMAT: i64 = 1;

/// What an import loaded.
#[derive(Debug, Default)]
pub struct Imported {
    pub people: u64,
    pub services: u64,
    pub incidents: u64,
    /// People created without a password (they need `murphy user password`).
    pub no_password: u64,
}

/// Replaces every string equal to a key of `ids` with its value, anywhere in `value`.
fn remap(value: &mut serde_json::Value, ids: &HashMap<String, String>) {
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

/// Loads an export read from `reader`. People and services that already exist (same email
/// or name) are used instead of the exported ones. `progress` hears the number of incidents
/// loaded every thousand.
pub async fn import(
    ctx: &Ctx<'_>,
    actor: &Actor,
    reader: impl BufRead,
    progress: impl Fn(u64),
) -> Result<Imported> {
    let mut tx = ctx.begin().await?;
    store::demo::bulk_load(&mut tx).await?;
    let existing = store::transfer::incident_count(&mut *tx).await?;
    if existing > 0 {
        return Err(anyhow::anyhow!(
            "this database already has {existing} incident(s); murphy import loads into a database without incidents"
        )
        .into());
    }
    let mut ids: HashMap<String, String> = HashMap::new();
    let mut done = Imported::default();
    let mut replaced_tags = false;
    for (n, line) in reader.lines().enumerate() {
        let n = n + 1;
        let line = line.with_context(|| format!("cannot read line {n}"))?;
        if line.trim().is_empty() {
            continue;
        }
        let mut value: serde_json::Value =
            serde_json::from_str(&line).with_context(|| format!("line {n} is not JSON"))?;
        let kind = value
            .get("type")
            .and_then(|t| t.as_str())
            .unwrap_or_default()
            .to_owned();
        if n == 1 {
            let format = value.get("format").and_then(|f| f.as_i64());
            if kind != "murphy-export" || format != Some(EXPORT_FORMAT) {
                return Err(anyhow::anyhow!(
                    "line 1 is not a Murphy export header (format {EXPORT_FORMAT})"
                )
                .into());
            }
            continue;
        }
        remap(&mut value, &ids);
        let row = value.get("row").cloned().unwrap_or_default();
        let field = |k: &str| {
            row.get(k)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        let step = async {
            match kind.as_str() {
                "person" => {
                    match store::transfer::person_by_email(&mut *tx, &field("email")).await? {
                        Some(id) => {
                            ids.insert(field("id"), id.to_string());
                        }
                        None => {
                            store::transfer::insert_person(&mut tx, &row).await?;
                            done.no_password += 1;
                        }
                    }
                    done.people += 1;
                }
                "service" => {
                    match store::transfer::service_by_name(&mut *tx, &field("name")).await? {
                        Some(id) => {
                            ids.insert(field("id"), id.to_string());
                        }
                        None => store::transfer::insert_service(&mut tx, &row).await?,
                    }
                    done.services += 1;
                }
                "learning_tag" => {
                    // The export's lists replace the starting ones (nothing here uses them:
                    // the database has no incidents), so a round trip is exact.
                    if !replaced_tags {
                        store::transfer::clear_unused_tags(&mut tx).await?;
                        replaced_tags = true;
                    }
                    let existing =
                        store::transfer::tag_by_name(&mut *tx, &field("kind"), &field("name"))
                            .await?;
                    match existing {
                        Some(id) => {
                            ids.insert(field("id"), id.to_string());
                        }
                        None => store::transfer::insert_tag(&mut tx, &row).await?,
                    }
                }
                "postmortem_template" => store::transfer::insert_template(&mut tx, &row).await?,
                "runbook" => store::transfer::insert_runbook(&mut tx, &row).await?,
                "status_component" => {
                    store::transfer::insert_status_component(&mut tx, &row).await?
                }
                "maintenance" => store::transfer::insert_maintenance(&mut tx, &value).await?,
                "status_subscriber" => store::transfer::insert_subscriber(&mut tx, &row).await?,
                "incident" => {
                    store::transfer::insert_incident(&mut tx, &value).await?;
                    done.incidents += 1;
                }
                other => bail!("unknown line type \"{other}\""),
            }
            anyhow::Ok(())
        };
        step.await.with_context(|| format!("line {n} ({kind})"))?;
        if kind == "incident" && done.incidents.is_multiple_of(1000) {
            progress(done.incidents);
        }
    }
    store::transfer::reset_number_sequence(&mut tx).await?;
    let imported = Change {
        action: "import",
        entity: "database",
        entity_id: String::new(),
        incident_id: None,
        summary: Message::new("audit-imported")
            .with("incidents", count(done.incidents))
            .with("people", count(done.people))
            .with("services", count(done.services)),
        before: None,
        after: None,
    };
    record(&mut tx, actor, imported).await?;
    tx.commit().await?;
    Ok(done)
}

/// A tally as a message's count.
fn count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}
