//! `/api/v1/postmortem-rules`: when a post-mortem is required, read by everyone, set by
//! admins.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ApiJson, json_with};
use crate::AppState;
use crate::app;
use crate::app::postmortem_rules::Saved;
use crate::domain::person::Access;
use crate::domain::postmortem::policy::Policy;
use crate::error::{ApiError, AppError, Problem};
use crate::store;
use crate::web::auth::CurrentUser;
use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/api/v1/postmortem-rules", Access::VIEWER, show)
        .put("/api/v1/postmortem-rules", Access::ADMIN, save)
}

/// The rules: an incident that meets any needs a post-mortem, due `due_days` after it is
/// resolved.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RulesJson {
    /// Any incident of these severities.
    pub severities: Vec<String>,
    /// User-visible impact (impact start to mitigation) longer than this; null: no limit.
    pub impact_minutes: Option<i32>,
    /// Any incident of kind data_loss.
    pub data_loss: bool,
    /// Opened from a monitoring alert (on-call was paged).
    pub from_alert: bool,
    /// Resolution (impact start to resolved) longer than this; null: no limit.
    pub resolution_hours: Option<i32>,
    /// Found by an employee or a customer rather than monitoring (its post-mortem says).
    pub detected_by_person: bool,
    pub due_days: i32,
    /// The version a change is based on.
    pub version: i32,
    /// The rules in words (ignored when sent).
    #[serde(default)]
    pub summary: Vec<String>,
}

impl From<&Policy> for RulesJson {
    fn from(p: &Policy) -> Self {
        RulesJson {
            severities: p.severities.iter().map(|s| s.as_str().to_owned()).collect(),
            impact_minutes: p.impact_minutes,
            data_loss: p.data_loss,
            from_alert: p.from_alert,
            resolution_hours: p.resolution_hours,
            detected_by_person: p.detected_by_person,
            due_days: p.due_days,
            version: p.version,
            summary: p.summary(),
        }
    }
}

/// When a post-mortem is required.
#[utoipa::path(get, path = "/api/v1/postmortem-rules", tag = "postmortems", operation_id = "postmortem_rules",
    responses((status = 200, description = "The rules", body = RulesJson)))]
pub async fn show(State(state): State<AppState>) -> Result<axum::Json<RulesJson>, ApiError> {
    let p = store::postmortem_policy::get(&state.db).await?;
    Ok(axum::Json((&p).into()))
}

/// Sets when a post-mortem is required (admins), if `version` is still the current one.
#[utoipa::path(put, path = "/api/v1/postmortem-rules", tag = "postmortems", operation_id = "set_postmortem_rules",
    request_body = RulesJson,
    responses(
        (status = 200, description = "Saved", body = RulesJson),
        (status = 409, description = "Changed since the version read (`current` holds it)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A severity unknown or a number out of range", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn save(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<RulesJson>,
) -> Result<Response, ApiError> {
    let number = |n: Option<i32>| n.map(|n| n.to_string()).unwrap_or_default();
    let policy = Policy::parse(
        &body.severities,
        &number(body.impact_minutes),
        body.data_loss,
        body.from_alert,
        &number(body.resolution_hours),
        body.detected_by_person,
        &body.due_days.to_string(),
        body.version,
    )
    .map_err(AppError::Validation)?;
    match app::postmortem_rules::save(&state.ctx(), &user.actor(), &policy).await? {
        Saved::Saved(_) => {
            let p = store::postmortem_policy::get(&state.db).await?;
            Ok(json_with(StatusCode::OK, RulesJson::from(&p)))
        }
        Saved::Stale(current) => Err(AppError::Conflict {
            message: format!(
                "The rules changed (version {}) since version {} was read; nothing was saved.",
                current.version, body.version
            ),
            current: serde_json::to_value(RulesJson::from(current.as_ref())).ok(),
        }
        .into()),
    }
}
