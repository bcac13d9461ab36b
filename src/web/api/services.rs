//! `/api/v1/services`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ApiJson, json_with};
use crate::AppState;
use crate::domain::person::Access;
use crate::domain::service::{Service, ServiceFields};
use crate::error::{ApiError, AppError, Problem};
use crate::store;
use crate::web::auth::CurrentUser;
use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/api/v1/services", Access::VIEWER, list)
        .post("/api/v1/services", Access::RESPONDER, create)
        .get("/api/v1/services/{name}/budget", Access::VIEWER, budget)
        .patch("/api/v1/services/{name}", Access::RESPONDER, edit)
        .delete("/api/v1/services/{name}", Access::ADMIN, remove)
}

/// A service.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceJson {
    pub id: uuid::Uuid,
    pub name: String,
    pub description: String,
    /// How many incidents name this service.
    pub incident_count: i64,
    /// Availability objective in percent, e.g. 99.9; null when it has none.
    pub slo_target: Option<f64>,
    /// The objective's window in days.
    pub slo_window_days: Option<i32>,
    /// Whether its scheduled maintenance spends the error budget.
    pub maintenance_counts: bool,
    /// Send it back when editing.
    pub version: i32,
}

impl From<Service> for ServiceJson {
    fn from(s: Service) -> Self {
        ServiceJson {
            id: s.id.0,
            name: s.name,
            description: s.description,
            incident_count: s.incident_count,
            slo_target: s.slo_target,
            slo_window_days: s.slo_window_days,
            maintenance_counts: s.maintenance_counts,
            version: s.version,
        }
    }
}

/// A new service.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateService {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Availability objective in percent (0 < target < 100), with `slo_window_days`.
    pub slo_target: Option<f64>,
    /// 1 to 366.
    pub slo_window_days: Option<i32>,
    /// Whether its scheduled maintenance spends the error budget (default false).
    #[serde(default)]
    pub maintenance_counts: bool,
}

/// Every service, by name.
#[utoipa::path(get, path = "/api/v1/services", tag = "services", operation_id = "list_services",
    responses((status = 200, description = "Every service", body = Vec<ServiceJson>)))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<axum::Json<Vec<ServiceJson>>, ApiError> {
    let services = store::services::list(&state.db, user.visibility()).await?;
    Ok(axum::Json(services.into_iter().map(Into::into).collect()))
}

/// Adds a service.
#[utoipa::path(post, path = "/api/v1/services", tag = "services", operation_id = "add_service", request_body = CreateService,
    responses(
        (status = 201, description = "Added", body = ServiceJson),
        (status = 422, description = "Invalid or duplicate name", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<CreateService>,
) -> Result<Response, ApiError> {
    let text = |v: Option<String>| v.unwrap_or_default();
    let fields = ServiceFields::parse(
        &body.name,
        &body.description,
        &text(body.slo_target.map(|t| t.to_string())),
        &text(body.slo_window_days.map(|d| d.to_string())),
    )
    .map(|fields| ServiceFields {
        maintenance_counts: body.maintenance_counts,
        ..fields
    })
    .map_err(AppError::Validation)?;
    let service = crate::app::services::add(&state.ctx(), &user.actor(), &fields)
        .await?
        .map_err(AppError::Validation)?;
    Ok(json_with(StatusCode::CREATED, ServiceJson::from(service)))
}

/// A service's error budget over its objective's window, ending now.
#[derive(Debug, Serialize, ToSchema)]
pub struct BudgetJson {
    pub service: String,
    /// Availability objective in percent.
    pub slo_target: f64,
    pub slo_window_days: i32,
    /// Minutes of unavailability the objective allows over the window.
    pub budget_minutes: f64,
    /// Minutes spent: full impact counts whole, partial impact half; maintenance where the
    /// service says so.
    pub consumed_minutes: f64,
    /// Budget minus consumption; negative once the objective is missed.
    pub remaining_minutes: f64,
    /// Remaining as a share of the budget (1.0 untouched, below 0 when exhausted).
    pub remaining_ratio: f64,
    /// Whether nothing is left: a deploy pipeline may stop here.
    pub exhausted: bool,
    /// Remaining ratio at the end of each day of the window, oldest first.
    pub burn: Vec<f64>,
    /// When it was computed (RFC 3339).
    pub computed_at: String,
}

/// A service's error budget, for a deploy pipeline that stops when it is spent.
#[utoipa::path(get, path = "/api/v1/services/{name}/budget", tag = "services", operation_id = "service_budget",
    params(("name" = String, Path, description = "The service's name (any case)")),
    responses(
        (status = 200, description = "The budget", body = BudgetJson),
        (status = 404, description = "No such service, or it has no objective", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn budget(
    State(state): State<AppState>,
    user: CurrentUser,
    axum::extract::Path(name): axum::extract::Path<String>,
) -> Result<axum::Json<BudgetJson>, ApiError> {
    let now = time::OffsetDateTime::now_utc();
    let service = named(&state, &user, &name).await?;
    let Some(slo) = service.slo() else {
        return Err(ApiError(AppError::Refused(
            StatusCode::NOT_FOUND,
            format!(
                "{} has no service level objective, so it has no error budget.",
                service.name
            ),
        )));
    };
    let windows = store::slo::windows(&state.db, user.visibility(), now).await?;
    let w = windows.get(&service.id).map_or(&[][..], Vec::as_slice);
    let b = crate::domain::slo::Budget::compute(slo, w, now);
    Ok(axum::Json(BudgetJson {
        service: service.name,
        slo_target: slo.target,
        slo_window_days: slo.window_days,
        budget_minutes: b.budget_minutes,
        consumed_minutes: b.consumed_minutes,
        remaining_minutes: b.remaining_minutes,
        remaining_ratio: b.remaining_ratio,
        exhausted: b.exhausted(),
        burn: b.burn,
        computed_at: crate::domain::time::rfc3339(now),
    }))
}

/// The service with this name (any case), if the caller may see it.
pub(super) async fn named(
    state: &AppState,
    user: &CurrentUser,
    name: &str,
) -> Result<Service, ApiError> {
    let services = store::services::list(&state.db, user.visibility()).await?;
    services
        .into_iter()
        .find(|s| s.name.eq_ignore_ascii_case(name.trim()))
        .ok_or(ApiError(AppError::NotFound))
}

/// A change to a service: the version read, and the fields to change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceChange {
    pub version: i32,
    pub name: Option<String>,
    pub description: Option<String>,
    /// Availability objective in percent; null removes the objective.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<f64>)]
    pub slo_target: Option<Option<f64>>,
    /// 1 to 366; null with the objective.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<i32>)]
    pub slo_window_days: Option<Option<i32>>,
    pub maintenance_counts: Option<bool>,
}

fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// Edits a service (renaming it renames it on every incident); fields left out stay.
#[utoipa::path(patch, path = "/api/v1/services/{name}", tag = "services", operation_id = "edit_service",
    request_body = ServiceChange,
    params(("name" = String, Path, description = "The service's name (any case)")),
    responses(
        (status = 200, description = "The service now", body = ServiceJson),
        (status = 404, description = "No such service", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Changed since the version read (`current` holds it); nothing written", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or the new name is taken", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn edit(
    State(state): State<AppState>,
    user: CurrentUser,
    axum::extract::Path(name): axum::extract::Path<String>,
    ApiJson(body): ApiJson<ServiceChange>,
) -> Result<axum::Json<ServiceJson>, ApiError> {
    let now = named(&state, &user, &name).await?;
    let text = |v: Option<String>| v.unwrap_or_default();
    let target = body.slo_target.unwrap_or(now.slo_target);
    let window = body.slo_window_days.unwrap_or(now.slo_window_days);
    let fields = ServiceFields::parse(
        body.name.as_deref().unwrap_or(&now.name),
        body.description.as_deref().unwrap_or(&now.description),
        &text(target.map(|t| t.to_string())),
        &text(window.map(|d| d.to_string())),
    )
    .map(|fields| ServiceFields {
        maintenance_counts: body.maintenance_counts.unwrap_or(now.maintenance_counts),
        ..fields
    })
    .map_err(AppError::Validation)?;
    let edited =
        crate::app::services::edit(&state.ctx(), &user.actor(), now.id, body.version, &fields)
            .await?;
    match edited {
        crate::app::services::Edited::Saved => {}
        crate::app::services::Edited::Invalid(errors) => {
            return Err(AppError::Validation(errors).into());
        }
        crate::app::services::Edited::Stale(current) => {
            return Err(AppError::Conflict {
                message: format!(
                    "The service was changed since version {} was read (it is now version {}); \
                     nothing was saved.",
                    body.version, current.version
                ),
                current: serde_json::to_value(ServiceJson::from(*current)).ok(),
            }
            .into());
        }
    }
    let service = store::services::get(&state.db, now.id, user.visibility())
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(axum::Json(service.into()))
}

/// Deletes a service no incident names (one that incidents name is kept: 409).
#[utoipa::path(delete, path = "/api/v1/services/{name}", tag = "services", operation_id = "delete_service",
    params(("name" = String, Path, description = "The service's name (any case)")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Only admins", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such service", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Incidents name it; it stays", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn remove(
    State(state): State<AppState>,
    user: CurrentUser,
    axum::extract::Path(name): axum::extract::Path<String>,
) -> Result<StatusCode, ApiError> {
    let service = named(&state, &user, &name).await?;
    let (service, deleted) =
        crate::app::services::delete(&state.ctx(), &user.actor(), service.id).await?;
    if !deleted {
        return Err(AppError::Refused(
            StatusCode::CONFLICT,
            format!(
                "{} is named by {} incidents, so it stays.",
                service.name, service.incident_count
            ),
        )
        .into());
    }
    Ok(StatusCode::NO_CONTENT)
}
