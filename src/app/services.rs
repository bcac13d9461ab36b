//! The services incidents affect, with their availability objectives.

use super::{Actor, Ctx, Error, Result, record};
use crate::domain::audit::Change;
use crate::domain::ids::ServiceId;
use crate::domain::service::{Service, ServiceFields};
use crate::domain::slo::Slo;
use crate::domain::validation::FieldErrors;
use crate::i18n::Message;
use crate::store;

fn service_json(
    name: &str,
    description: &str,
    slo: Option<Slo>,
    maintenance_counts: bool,
) -> serde_json::Value {
    serde_json::json!({
        "name": name,
        "description": description,
        "slo_target": slo.map(|s| s.target),
        "slo_window_days": slo.map(|s| s.window_days),
        "maintenance_counts": maintenance_counts,
    })
}

fn change(action: &'static str, id: ServiceId, summary: Message) -> Change {
    Change {
        action,
        entity: "service",
        entity_id: id.to_string(),
        incident_id: None,
        summary,
        before: None,
        after: None,
    }
}

/// Adds a service; a name taken already (in any case) is a field error.
pub async fn add(
    ctx: &Ctx<'_>,
    actor: &Actor,
    fields: &ServiceFields,
) -> Result<Result<Service, FieldErrors>> {
    let mut tx = ctx.begin().await?;
    let id = match store::services::create(&mut *tx, fields).await? {
        Ok(id) => id,
        Err(errors) => return Ok(Err(errors)),
    };
    let added = Change {
        after: Some(service_json(
            &fields.name,
            &fields.description,
            fields.slo,
            fields.maintenance_counts,
        )),
        ..change(
            "service.create",
            id,
            Message::new("audit-service-added").with("name", &fields.name),
        )
    };
    record(&mut tx, actor, added).await?;
    let service = store::services::get(&mut *tx, id, actor.visibility())
        .await?
        .ok_or(Error::NotFound)?;
    tx.commit().await?;
    Ok(Ok(service))
}

/// Adds each service named that does not exist yet (the names as typed when declaring an
/// incident), in the caller's transaction. A name that is not a valid service name is an
/// error on the "services" field.
pub(super) async fn add_named(
    tx: &mut sqlx::PgConnection,
    actor: &Actor,
    names: &[String],
) -> Result<Result<(), FieldErrors>> {
    for name in names {
        let fields = match ServiceFields::parse(name, "", "", "") {
            Ok(fields) => fields,
            Err(errors) => {
                let why = errors
                    .iter()
                    .next()
                    .map(|e| e.message.clone())
                    .unwrap_or_default();
                return Ok(Err(FieldErrors::one(
                    "services",
                    format!("\"{name}\": {why}"),
                )));
            }
        };
        // A name taken already (in any case) is simply that service.
        let Some(id) = store::services::create_if_new(&mut *tx, &fields).await? else {
            continue;
        };
        let added = Change {
            after: Some(service_json(&fields.name, "", None, false)),
            ..change(
                "service.create",
                id,
                Message::new("audit-service-added").with("name", &fields.name),
            )
        };
        record(&mut *tx, actor, added).await?;
    }
    Ok(Ok(()))
}

/// How an edit ended.
pub enum Edited {
    Saved,
    /// Someone saved since `version`: the service as it is now; nothing written.
    Stale(Box<Service>),
    Invalid(FieldErrors),
}

/// Saves a service's new fields if `version` is still current.
pub async fn edit(
    ctx: &Ctx<'_>,
    actor: &Actor,
    id: ServiceId,
    version: i32,
    fields: &ServiceFields,
) -> Result<Edited> {
    let mut tx = ctx.begin().await?;
    if !store::services::lock(&mut tx, id).await? {
        return Err(Error::NotFound);
    }
    let before = store::services::get(&mut *tx, id, actor.visibility())
        .await?
        .ok_or(Error::NotFound)?;
    match store::services::update(&mut tx, id, version, fields).await? {
        Ok(Some(_)) => {}
        Ok(None) => return Ok(Edited::Stale(Box::new(before))),
        Err(errors) => return Ok(Edited::Invalid(errors)),
    }
    let edited = Change {
        before: Some(service_json(
            &before.name,
            &before.description,
            before.slo(),
            before.maintenance_counts,
        )),
        after: Some(service_json(
            &fields.name,
            &fields.description,
            fields.slo,
            fields.maintenance_counts,
        )),
        ..change(
            "service.update",
            id,
            Message::new("audit-service-edited").with("name", &fields.name),
        )
    };
    record(&mut tx, actor, edited).await?;
    tx.commit().await?;
    Ok(Edited::Saved)
}

/// Deletes a service no incident names; returns it, and whether it was deleted (`false`:
/// incidents name it, so it was kept).
pub async fn delete(ctx: &Ctx<'_>, actor: &Actor, id: ServiceId) -> Result<(Service, bool)> {
    let mut tx = ctx.begin().await?;
    if !store::services::lock(&mut tx, id).await? {
        return Err(Error::NotFound);
    }
    let service = store::services::get(&mut *tx, id, actor.visibility())
        .await?
        .ok_or(Error::NotFound)?;
    if !store::services::delete(&mut *tx, service.id).await? {
        return Ok((service, false));
    }
    let deleted = Change {
        before: Some(service_json(
            &service.name,
            &service.description,
            service.slo(),
            service.maintenance_counts,
        )),
        ..change(
            "service.delete",
            service.id,
            Message::new("audit-service-deleted").with("name", &service.name),
        )
    };
    record(&mut tx, actor, deleted).await?;
    tx.commit().await?;
    Ok((service, true))
}
