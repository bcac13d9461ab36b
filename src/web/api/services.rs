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
    let services = store::services::list(&state.db, user.visibility()).await?;
    let service = services
        .into_iter()
        .find(|s| s.name.eq_ignore_ascii_case(name.trim()))
        .ok_or(ApiError(AppError::NotFound))?;
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
