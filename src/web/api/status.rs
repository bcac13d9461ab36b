//! The status page's side of the API: its components (`/api/v1/status/components`, shown
//! and laid out by admins, set by hand by responders) and maintenance windows
//! (`/api/v1/maintenance`), with the pages' rules. Subscribers are in `subscribers.rs`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{ApiJson, json_with};
use crate::AppState;
use crate::app;
use crate::domain::ids::ServiceId;
use crate::domain::incident::Visibility;
use crate::domain::maintenance::{Maintenance, MaintenanceFields};
use crate::domain::person::Access;
use crate::domain::status::{ComponentFields, ComponentState};
use crate::domain::time::{parse_rfc3339, rfc3339};
use crate::domain::validation::FieldErrors;
use crate::error::{ApiError, AppError, Problem};
use crate::store;
use crate::web::auth::CurrentUser;
use crate::web::extract::Id;
use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/api/v1/status/components", Access::VIEWER, components)
        .put(
            "/api/v1/status/components/{name}",
            Access::ADMIN,
            save_component,
        )
        .delete(
            "/api/v1/status/components/{name}",
            Access::ADMIN,
            remove_component,
        )
        .post(
            "/api/v1/status/components/{name}/state",
            Access::RESPONDER,
            set_state,
        )
        .get("/api/v1/maintenance", Access::VIEWER, windows)
        .post("/api/v1/maintenance", Access::RESPONDER, schedule)
        .get("/api/v1/maintenance/{id}", Access::VIEWER, window)
        .patch("/api/v1/maintenance/{id}", Access::RESPONDER, edit_window)
        .post(
            "/api/v1/maintenance/{id}/end",
            Access::RESPONDER,
            end_window,
        )
}

/// A service shown on the status page.
#[derive(Debug, Serialize, ToSchema)]
pub struct ComponentJson {
    /// The service's name in Murphy.
    pub service: String,
    /// The name the public sees.
    pub public_name: String,
    pub description: String,
    pub group: String,
    pub position: i32,
    /// The state a responder set by hand (operational, under_maintenance,
    /// degraded_performance, partial_outage, major_outage); null when it follows the
    /// incidents.
    pub state_set_by_hand: Option<String>,
    /// Send it back when changing how it is shown.
    pub version: i32,
}

/// The id of the service with this name (any case), if the caller may see it.
async fn service_named(
    state: &AppState,
    user: &CurrentUser,
    name: &str,
) -> Result<ServiceId, ApiError> {
    Ok(super::services::named(state, user, name).await?.id)
}

async fn components_json(state: &AppState) -> Result<Vec<ComponentJson>, ApiError> {
    let components = store::status::components(&state.db).await?;
    let services = store::services::list(&state.db, Visibility::everything()).await?;
    Ok(components
        .into_iter()
        .map(|c| {
            let service = services
                .iter()
                .find(|s| s.id == c.service_id)
                .map(|s| s.name.clone())
                .unwrap_or_default();
            ComponentJson {
                service,
                public_name: c.public_name,
                description: c.description,
                group: c.group,
                position: c.position,
                state_set_by_hand: c.override_state.map(|s| s.as_str().to_owned()),
                version: c.version,
            }
        })
        .collect())
}

/// Every component of the status page, in its order.
#[utoipa::path(get, path = "/api/v1/status/components", tag = "status", operation_id = "list_status_components",
    responses((status = 200, description = "The components", body = Vec<ComponentJson>)))]
pub async fn components(
    State(state): State<AppState>,
) -> Result<axum::Json<Vec<ComponentJson>>, ApiError> {
    Ok(axum::Json(components_json(&state).await?))
}

/// How a service shows on the status page.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ComponentInput {
    pub public_name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub group: String,
    #[serde(default)]
    pub position: i32,
    /// The version read, to change a component already shown; left out to show a service
    /// that is not shown yet.
    #[serde(default)]
    pub version: Option<i32>,
}

/// Shows a service on the status page, or changes how it shows.
#[utoipa::path(put, path = "/api/v1/status/components/{name}", tag = "status", operation_id = "save_status_component",
    request_body = ComponentInput,
    params(("name" = String, Path, description = "The service's name (any case)")),
    responses(
        (status = 200, description = "Every component now", body = Vec<ComponentJson>),
        (status = 403, description = "Only admins", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such service", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Changed (or shown) by someone else since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn save_component(
    State(state): State<AppState>,
    user: CurrentUser,
    axum::extract::Path(name): axum::extract::Path<String>,
    ApiJson(body): ApiJson<ComponentInput>,
) -> Result<axum::Json<Vec<ComponentJson>>, ApiError> {
    let service = service_named(&state, &user, &name).await?;
    let fields = ComponentFields::parse(
        &body.public_name,
        &body.description,
        &body.group,
        &body.position.to_string(),
    )
    .map_err(AppError::Validation)?;
    let saved =
        app::status::save_component(&state.ctx(), &user.actor(), service, &fields, body.version)
            .await?;
    if saved == app::status::Saved::Stale {
        let current = components_json(&state)
            .await?
            .into_iter()
            .find(|c| c.service.eq_ignore_ascii_case(name.trim()));
        return Err(AppError::Conflict {
            message: "The component was changed (or shown) since it was read; nothing was saved. \
                      Send the version it has now (in `current`)."
                .into(),
            current: current.and_then(|c| serde_json::to_value(c).ok()),
        }
        .into());
    }
    Ok(axum::Json(components_json(&state).await?))
}

/// Takes a service off the status page.
#[utoipa::path(delete, path = "/api/v1/status/components/{name}", tag = "status", operation_id = "remove_status_component",
    params(("name" = String, Path, description = "The service's name (any case)")),
    responses(
        (status = 204, description = "Taken off"),
        (status = 403, description = "Only admins", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such service, or it is not shown", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn remove_component(
    State(state): State<AppState>,
    user: CurrentUser,
    axum::extract::Path(name): axum::extract::Path<String>,
) -> Result<StatusCode, ApiError> {
    let service = service_named(&state, &user, &name).await?;
    app::status::remove_component(&state.ctx(), &user.actor(), service).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A state set by hand.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ComponentStateInput {
    /// operational, under_maintenance, degraded_performance, partial_outage or
    /// major_outage; null to follow the incidents again.
    pub state: Option<String>,
}

/// Sets what the public sees for a component by hand, or lets it follow the incidents.
#[utoipa::path(post, path = "/api/v1/status/components/{name}/state", tag = "status", operation_id = "set_status_component_state",
    request_body = ComponentStateInput,
    params(("name" = String, Path, description = "The service's name (any case)")),
    responses(
        (status = 200, description = "Every component now", body = Vec<ComponentJson>),
        (status = 404, description = "No such service, or it is not shown", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a state", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn set_state(
    State(state): State<AppState>,
    user: CurrentUser,
    axum::extract::Path(name): axum::extract::Path<String>,
    ApiJson(body): ApiJson<ComponentStateInput>,
) -> Result<axum::Json<Vec<ComponentJson>>, ApiError> {
    let wanted = match body.state.as_deref() {
        None => None,
        Some(s) => Some(ComponentState::parse(s).ok_or_else(|| {
            AppError::Validation(FieldErrors::one(
                "state",
                "Choose operational, under_maintenance, degraded_performance, partial_outage \
                 or major_outage (or null).",
            ))
        })?),
    };
    let service = service_named(&state, &user, &name).await?;
    app::status::set_state(&state.ctx(), &user.actor(), service, wanted).await?;
    Ok(axum::Json(components_json(&state).await?))
}

/// A maintenance window.
#[derive(Debug, Serialize, ToSchema)]
pub struct MaintenanceJson {
    pub id: Uuid,
    pub title: String,
    /// Details for the public (Markdown).
    pub body: String,
    pub starts_at: String,
    pub ends_at: String,
    /// scheduled, in_progress, completed or cancelled.
    pub state: String,
    pub started_at: Option<String>,
    pub completed_at: Option<String>,
    /// The services it covers, by name.
    pub services: Vec<String>,
    /// Send it back when editing.
    pub version: i32,
}

impl From<&Maintenance> for MaintenanceJson {
    fn from(m: &Maintenance) -> Self {
        MaintenanceJson {
            id: m.id,
            title: m.title.clone(),
            body: m.body.clone(),
            starts_at: rfc3339(m.starts_at),
            ends_at: rfc3339(m.ends_at),
            state: m.state.as_str().into(),
            started_at: m.started_at.map(rfc3339),
            completed_at: m.completed_at.map(rfc3339),
            services: m.services.iter().map(|(_, n)| n.clone()).collect(),
            version: m.version,
        }
    }
}

/// The newest windows (at most 200), newest first.
#[utoipa::path(get, path = "/api/v1/maintenance", tag = "status", operation_id = "list_maintenance",
    responses((status = 200, description = "The windows, newest first", body = Vec<MaintenanceJson>)))]
pub async fn windows(
    State(state): State<AppState>,
) -> Result<axum::Json<Vec<MaintenanceJson>>, ApiError> {
    let found = store::maintenance::newest(&state.db, 200).await?;
    Ok(axum::Json(found.iter().map(Into::into).collect()))
}

/// One window.
#[utoipa::path(get, path = "/api/v1/maintenance/{id}", tag = "status", operation_id = "show_maintenance",
    params(("id" = String, Path, description = "The window's id")),
    responses(
        (status = 200, description = "The window", body = MaintenanceJson),
        (status = 404, description = "No such window", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn window(
    State(state): State<AppState>,
    Id(id): Id<Uuid>,
) -> Result<axum::Json<MaintenanceJson>, ApiError> {
    let found = store::maintenance::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(axum::Json((&found).into()))
}

/// A window to schedule.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MaintenanceInput {
    pub title: String,
    #[serde(default)]
    pub body: String,
    /// RFC 3339.
    pub starts_at: String,
    /// RFC 3339: after the start, in the future, at most 14 days later.
    pub ends_at: String,
    /// Service names.
    pub services: Vec<String>,
}

/// Validates a window as the API sends it: times in RFC 3339 only.
fn window_fields(
    title: &str,
    body: &str,
    starts_at: &str,
    ends_at: &str,
    services: &[String],
) -> Result<MaintenanceFields, AppError> {
    let mut errors = FieldErrors::new();
    for (field, value) in [("starts_at", starts_at), ("ends_at", ends_at)] {
        if let Err(e) = parse_rfc3339(value) {
            errors.add(field, e);
        }
    }
    let parsed = MaintenanceFields::parse(
        title,
        body,
        starts_at,
        ends_at,
        0,
        services,
        OffsetDateTime::now_utc(),
    );
    match parsed {
        Ok(fields) if errors.is_empty() => Ok(fields),
        Ok(_) => Err(AppError::Validation(errors)),
        Err(more) => {
            errors.extend(more);
            Err(AppError::Validation(errors))
        }
    }
}

/// Schedules a window (subscribers are told).
#[utoipa::path(post, path = "/api/v1/maintenance", tag = "status", operation_id = "schedule_maintenance",
    request_body = MaintenanceInput,
    responses(
        (status = 201, description = "Scheduled", body = MaintenanceJson,
            links(("edit" = (operation_id = "edit_maintenance",
                parameters(("id" = "$response.body#/id")),
                description = "Changes the window with its version")),
                  ("show" = (operation_id = "show_maintenance",
                parameters(("id" = "$response.body#/id")),
                description = "Reads the window")),
                  ("end" = (operation_id = "end_maintenance",
                parameters(("id" = "$response.body#/id")),
                description = "Ends the window now")))),
        (status = 422, description = "Invalid fields, or an unknown service", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn schedule(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<MaintenanceInput>,
) -> Result<Response, ApiError> {
    let fields = window_fields(
        &body.title,
        &body.body,
        &body.starts_at,
        &body.ends_at,
        &body.services,
    )?;
    let id = app::maintenance::schedule(&state.ctx(), &user.actor(), &fields)
        .await?
        .map_err(AppError::Validation)?;
    let found = store::maintenance::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(json_with(
        StatusCode::CREATED,
        MaintenanceJson::from(&found),
    ))
}

/// A change to a window: the version read, and the fields to change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MaintenanceChange {
    pub version: i32,
    pub title: Option<String>,
    pub body: Option<String>,
    pub starts_at: Option<String>,
    pub ends_at: Option<String>,
    pub services: Option<Vec<String>>,
}

/// Changes a window that has not ended; fields left out stay as they are.
#[utoipa::path(patch, path = "/api/v1/maintenance/{id}", tag = "status", operation_id = "edit_maintenance",
    request_body = MaintenanceChange,
    params(("id" = String, Path, description = "The window's id")),
    responses(
        (status = 200, description = "The window now", body = MaintenanceJson),
        (status = 404, description = "No such window", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Changed since the version read, or ended (`current` holds it)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn edit_window(
    State(state): State<AppState>,
    user: CurrentUser,
    Id(id): Id<Uuid>,
    ApiJson(body): ApiJson<MaintenanceChange>,
) -> Result<axum::Json<MaintenanceJson>, ApiError> {
    let now = store::maintenance::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let current = MaintenanceJson::from(&now);
    let fields = window_fields(
        body.title.as_deref().unwrap_or(&current.title),
        body.body.as_deref().unwrap_or(&current.body),
        body.starts_at.as_deref().unwrap_or(&current.starts_at),
        body.ends_at.as_deref().unwrap_or(&current.ends_at),
        body.services.as_deref().unwrap_or(&current.services),
    )?;
    match app::maintenance::edit(&state.ctx(), &user.actor(), id, &fields, body.version).await? {
        app::maintenance::Edited::Saved => {}
        app::maintenance::Edited::Invalid(errors) => {
            return Err(AppError::Validation(errors).into());
        }
        app::maintenance::Edited::Stale => {
            let found = store::maintenance::get(&state.db, id).await?;
            return Err(AppError::Conflict {
                message: "The window was changed since it was read, or has ended; nothing was \
                          saved."
                    .into(),
                current: found.and_then(|m| serde_json::to_value(MaintenanceJson::from(&m)).ok()),
            }
            .into());
        }
    }
    let found = store::maintenance::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(axum::Json((&found).into()))
}

/// Ends a window now: cancelled if it had not started, completed if it had.
#[utoipa::path(post, path = "/api/v1/maintenance/{id}/end", tag = "status", operation_id = "end_maintenance",
    params(("id" = String, Path, description = "The window's id")),
    responses(
        (status = 200, description = "Ended; the window now", body = MaintenanceJson),
        (status = 404, description = "No such window, or it has ended already", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn end_window(
    State(state): State<AppState>,
    user: CurrentUser,
    Id(id): Id<Uuid>,
) -> Result<axum::Json<MaintenanceJson>, ApiError> {
    app::maintenance::finish(&state.ctx(), &user.actor(), id).await?;
    let found = store::maintenance::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(axum::Json((&found).into()))
}
