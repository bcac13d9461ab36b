//! `POST /hooks/alertmanager` and `POST /hooks/grafana`: monitoring notifications in,
//! authenticated with an API token, answered as JSON (what the notification did) or a
//! problem document. The intake itself is [`crate::app::alert_intake`].

use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::auth::CurrentUser;
use super::routes::Routes;
use crate::AppState;
use crate::app::Actor;
use crate::app::alert_intake::{self, Intake, Summary};
use crate::domain::incident::Source;
use crate::domain::person::Access;
use crate::error::{ApiError, AppError};

pub fn routes() -> Routes {
    Routes::new()
        .post("/hooks/alertmanager", Access::RESPONDER, alertmanager)
        .post("/hooks/grafana", Access::RESPONDER, grafana)
}

async fn alertmanager(
    State(state): State<AppState>,
    user: CurrentUser,
    body: Bytes,
) -> Result<Response, ApiError> {
    intake(&state, &user, Source::Alertmanager, &body).await
}

async fn grafana(
    State(state): State<AppState>,
    user: CurrentUser,
    body: Bytes,
) -> Result<Response, ApiError> {
    intake(&state, &user, Source::Grafana, &body).await
}

async fn intake(
    state: &AppState,
    user: &CurrentUser,
    source: Source,
    body: &[u8],
) -> Result<Response, ApiError> {
    let metric = source.as_str();
    let actor = Actor::Alerts(user.person.clone());
    match alert_intake::intake(&state.ctx(), &actor, source, body).await? {
        Intake::Malformed(errors) => {
            state.metrics.alert_notification(metric, "invalid");
            Err(AppError::Malformed(errors).into())
        }
        Intake::Duplicate => {
            state.metrics.alert_notification(metric, "duplicate");
            let summary = Summary {
                duplicate: true,
                ..Summary::default()
            };
            Ok(axum::Json(summary).into_response())
        }
        Intake::Accepted { alerts, summary } => {
            state.metrics.alert_notification(metric, "accepted");
            tracing::info!(source = metric, alerts, outcome = %summary.outcome(), "alert notification");
            Ok(axum::Json(summary).into_response())
        }
    }
}
