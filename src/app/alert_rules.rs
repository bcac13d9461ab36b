//! How alerts become incidents: the severity mapping and the routing rules admins keep.

use serde_json::json;
use uuid::Uuid;

use super::{Actor, Ctx, Error, Result, record};
use crate::domain::alert::{Action, Matcher};
use crate::domain::audit::Change;
use crate::domain::incident::Severity;
use crate::i18n::Message;
use crate::store;

fn change(action: &'static str, entity: &'static str, id: String, summary: Message) -> Change {
    Change {
        action,
        entity,
        entity_id: id,
        incident_id: None,
        summary,
        before: None,
        after: None,
    }
}

/// Alerts whose `severity` label is `value` (lowercase) file at `severity` from now on.
pub async fn set_severity(
    ctx: &Ctx<'_>,
    actor: &Actor,
    value: &str,
    severity: Severity,
) -> Result<()> {
    let mut tx = ctx.begin().await?;
    store::alerts::set_mapping(&mut *tx, value, severity).await?;
    let summary = Message::new("audit-mapping-set")
        .with("value", value)
        .with("severity", severity.as_str());
    let mapped = Change {
        after: Some(json!({"label_value": value, "severity": severity.as_str()})),
        ..change(
            "alerts.severity",
            "severity_mapping",
            value.to_owned(),
            summary,
        )
    };
    record(&mut tx, actor, mapped).await?;
    tx.commit().await?;
    Ok(())
}

/// Removes the mapping for `value`; `false` when there was none (the default `*` always
/// stays).
pub async fn delete_severity(ctx: &Ctx<'_>, actor: &Actor, value: &str) -> Result<bool> {
    let mut tx = ctx.begin().await?;
    if !store::alerts::delete_mapping(&mut *tx, value).await? {
        return Ok(false);
    }
    let summary = Message::new("audit-mapping-removed").with("value", value);
    let removed = change(
        "alerts.severity.delete",
        "severity_mapping",
        value.to_owned(),
        summary,
    );
    record(&mut tx, actor, removed).await?;
    tx.commit().await?;
    Ok(true)
}

/// Adds a routing rule after the others.
pub async fn add_route(
    ctx: &Ctx<'_>,
    actor: &Actor,
    name: &str,
    matchers: &[Matcher],
    action: Action,
    during_maintenance: bool,
) -> Result<()> {
    let mut tx = ctx.begin().await?;
    let id = store::alerts::add_route(&mut *tx, name, matchers, action, during_maintenance).await?;
    let text = matchers
        .iter()
        .map(|m| m.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let added = Change {
        after: Some(json!({
            "name": name,
            "matchers": text,
            "action": action.as_str(),
            "during_maintenance": during_maintenance,
        })),
        ..change(
            "alerts.route.create",
            "alert_route",
            id.to_string(),
            Message::new("audit-route-added").with("name", name),
        )
    };
    record(&mut tx, actor, added).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn delete_route(ctx: &Ctx<'_>, actor: &Actor, id: Uuid) -> Result<()> {
    let mut tx = ctx.begin().await?;
    if !store::alerts::delete_route(&mut *tx, id).await? {
        return Err(Error::NotFound);
    }
    let removed = change(
        "alerts.route.delete",
        "alert_route",
        id.to_string(),
        Message::new("audit-route-deleted"),
    );
    record(&mut tx, actor, removed).await?;
    tx.commit().await?;
    Ok(())
}

/// Moves a rule one place up or down.
pub async fn move_route(ctx: &Ctx<'_>, id: Uuid, up: bool) -> Result<()> {
    let mut tx = ctx.begin().await?;
    store::alerts::move_route(&mut tx, id, up).await?;
    tx.commit().await?;
    Ok(())
}
