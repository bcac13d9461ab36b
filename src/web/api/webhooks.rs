//! `/api/v1/webhooks` (admins): where Murphy announces incident events, with the pages'
//! rules (internal addresses refused unless allowed; the signing secret shown once; a
//! stale edit refused), and each webhook's deliveries with their attempts.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ApiJson, json_with};
use crate::AppState;
use crate::app;
use crate::app::webhooks::Edited;
use crate::domain::ids::WebhookId;
use crate::domain::person::Access;
use crate::domain::time::rfc3339;
use crate::domain::webhook::{Webhook, WebhookFields};
use crate::error::{ApiError, AppError, Problem};
use crate::store;
use crate::web::auth::CurrentUser;
use crate::web::extract::Id;
use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/api/v1/webhooks", Access::ADMIN, list)
        .post("/api/v1/webhooks", Access::ADMIN, create)
        .get("/api/v1/webhooks/{id}", Access::ADMIN, show)
        .patch("/api/v1/webhooks/{id}", Access::ADMIN, edit)
        .delete("/api/v1/webhooks/{id}", Access::ADMIN, remove)
        .post("/api/v1/webhooks/{id}/test", Access::ADMIN, test)
}

/// A webhook, with how its deliveries went.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookJson {
    pub id: uuid::Uuid,
    pub name: String,
    pub url: String,
    /// The events it receives (incident.created, incident.status_changed, …).
    pub events: Vec<String>,
    /// murphy (the event as JSON), slack (`{"text": …}`), github, gitlab or jira.
    pub format: String,
    pub active: bool,
    /// Jira's project key.
    pub project: String,
    /// Whether a tracker token is saved (it is never shown).
    pub has_token: bool,
    /// Send it back when editing.
    pub version: i32,
    pub created_at: String,
    pub pending: i64,
    pub delivered: i64,
    pub failed: i64,
}

impl From<&Webhook> for WebhookJson {
    fn from(w: &Webhook) -> Self {
        WebhookJson {
            id: w.id.0,
            name: w.name.clone(),
            url: w.url.clone(),
            events: w.events.clone(),
            format: w.format.as_str().into(),
            active: w.active,
            project: w.project.clone(),
            has_token: w.has_token,
            version: w.version,
            created_at: rfc3339(w.created_at),
            pending: w.pending,
            delivered: w.delivered,
            failed: w.failed,
        }
    }
}

/// Every webhook.
#[utoipa::path(get, path = "/api/v1/webhooks", tag = "admin", operation_id = "list_webhooks",
    responses(
        (status = 200, description = "Every webhook", body = Vec<WebhookJson>),
        (status = 403, description = "Only admins", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(State(state): State<AppState>) -> Result<axum::Json<Vec<WebhookJson>>, ApiError> {
    let webhooks = store::webhooks::list(&state.db).await?;
    Ok(axum::Json(webhooks.iter().map(Into::into).collect()))
}

/// A new webhook.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewWebhookJson {
    pub name: String,
    /// https:// (or http://); internal addresses only when MURPHY_WEBHOOK_ALLOW allows.
    pub url: String,
    /// One or more of incident.created, incident.status_changed, incident.severity_changed,
    /// incident.role_assigned, update.published, postmortem.published.
    pub events: Vec<String>,
    /// murphy (default), slack, or an issue tracker: github, gitlab, jira (with the event
    /// action_item.created alone).
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default = "yes")]
    pub active: bool,
    /// A tracker's API token (never shown again).
    #[serde(default)]
    pub token: String,
    /// Jira's project key.
    #[serde(default)]
    pub project: String,
}

fn yes() -> bool {
    true
}

/// The webhook just added, and its signing secret (shown this once).
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedWebhook {
    pub webhook: WebhookJson,
    /// Deliveries carry `Murphy-Signature: sha256=HMAC(secret, body)`; keep it now.
    pub secret: String,
}

/// Adds a webhook.
#[utoipa::path(post, path = "/api/v1/webhooks", tag = "admin", operation_id = "add_webhook",
    request_body = NewWebhookJson,
    responses(
        (status = 201, description = "Added, with its secret", body = CreatedWebhook,
            links(("edit" = (operation_id = "edit_webhook",
                parameters(("id" = "$response.body#/webhook/id")),
                description = "Edits the webhook with its version")),
                  ("show" = (operation_id = "show_webhook",
                parameters(("id" = "$response.body#/webhook/id")),
                description = "Reads the webhook and its deliveries")),
                  ("test" = (operation_id = "test_webhook",
                parameters(("id" = "$response.body#/webhook/id")),
                description = "Sends it a test ping")))),
        (status = 403, description = "Only admins", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or an address Murphy does not send to", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<NewWebhookJson>,
) -> Result<Response, ApiError> {
    let fields = WebhookFields::parse(
        &body.name,
        &body.url,
        &body.events,
        body.format.as_deref().unwrap_or("murphy"),
        body.active,
        &body.token,
        &body.project,
    )
    .map_err(AppError::Validation)?;
    let (id, secret) = app::webhooks::create(&state.ctx(), &user.actor(), &fields)
        .await?
        .map_err(AppError::Validation)?;
    let webhook = store::webhooks::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(json_with(
        StatusCode::CREATED,
        CreatedWebhook {
            webhook: (&webhook).into(),
            secret,
        },
    ))
}

/// One delivery attempt.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttemptJson {
    pub attempted_at: String,
    /// The receiver's HTTP status, if it answered.
    pub status_code: Option<i32>,
    pub error: String,
    pub duration_ms: i32,
}

/// One delivery.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryJson {
    pub id: uuid::Uuid,
    pub event: String,
    /// pending, delivered or failed.
    pub state: String,
    pub created_at: String,
    pub finished_at: Option<String>,
    pub attempts: Vec<AttemptJson>,
}

/// A webhook and its newest deliveries.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookDetail {
    pub webhook: WebhookJson,
    /// The newest 50, newest first.
    pub deliveries: Vec<DeliveryJson>,
}

/// A webhook with its newest deliveries and their attempts.
#[utoipa::path(get, path = "/api/v1/webhooks/{id}", tag = "admin", operation_id = "show_webhook",
    params(("id" = String, Path, description = "The webhook's id")),
    responses(
        (status = 200, description = "The webhook and its deliveries", body = WebhookDetail),
        (status = 403, description = "Only admins", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such webhook", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn show(
    State(state): State<AppState>,
    Id(id): Id<WebhookId>,
) -> Result<axum::Json<WebhookDetail>, ApiError> {
    let mut db = state.db.acquire().await.map_err(AppError::from)?;
    let webhook = store::webhooks::get(&mut *db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let deliveries = store::webhooks::deliveries(&mut db, id, 50).await?;
    Ok(axum::Json(WebhookDetail {
        webhook: (&webhook).into(),
        deliveries: deliveries
            .into_iter()
            .map(|d| DeliveryJson {
                id: d.id,
                event: d.event,
                state: d.state,
                created_at: rfc3339(d.created_at),
                finished_at: d.finished_at.map(rfc3339),
                attempts: d
                    .tries
                    .into_iter()
                    .map(|a| AttemptJson {
                        attempted_at: rfc3339(a.attempted_at),
                        status_code: a.status_code,
                        error: a.error,
                        duration_ms: a.duration_ms,
                    })
                    .collect(),
            })
            .collect(),
    }))
}

/// A change to a webhook: the version read, and the fields to change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookChange {
    pub version: i32,
    pub name: Option<String>,
    pub url: Option<String>,
    pub events: Option<Vec<String>>,
    pub format: Option<String>,
    pub active: Option<bool>,
    /// A new tracker token; left out keeps the one saved.
    pub token: Option<String>,
    pub project: Option<String>,
}

/// Edits a webhook; fields left out stay as they are.
#[utoipa::path(patch, path = "/api/v1/webhooks/{id}", tag = "admin", operation_id = "edit_webhook",
    request_body = WebhookChange,
    params(("id" = String, Path, description = "The webhook's id")),
    responses(
        (status = 200, description = "The webhook now", body = WebhookJson),
        (status = 403, description = "Only admins", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such webhook", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Changed since the version read (`current` holds it); nothing written", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn edit(
    State(state): State<AppState>,
    user: CurrentUser,
    Id(id): Id<WebhookId>,
    ApiJson(body): ApiJson<WebhookChange>,
) -> Result<axum::Json<WebhookJson>, ApiError> {
    let now = store::webhooks::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let fields = WebhookFields::parse(
        body.name.as_deref().unwrap_or(&now.name),
        body.url.as_deref().unwrap_or(&now.url),
        body.events.as_deref().unwrap_or(&now.events),
        body.format.as_deref().unwrap_or(now.format.as_str()),
        body.active.unwrap_or(now.active),
        body.token.as_deref().unwrap_or(""),
        body.project.as_deref().unwrap_or(&now.project),
    )
    .map_err(AppError::Validation)?;
    match app::webhooks::edit(&state.ctx(), &user.actor(), id, body.version, &fields).await? {
        Edited::Saved => {}
        Edited::Invalid(errors) => return Err(AppError::Validation(errors).into()),
        Edited::Stale(current) => {
            return Err(AppError::Conflict {
                message: format!(
                    "The webhook was changed since version {} was read (it is now version {}); \
                     nothing was saved.",
                    body.version, current.version
                ),
                current: serde_json::to_value(WebhookJson::from(current.as_ref())).ok(),
            }
            .into());
        }
    }
    let webhook = store::webhooks::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(axum::Json((&webhook).into()))
}

/// Deletes a webhook and its deliveries.
#[utoipa::path(delete, path = "/api/v1/webhooks/{id}", tag = "admin", operation_id = "delete_webhook",
    params(("id" = String, Path, description = "The webhook's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Only admins", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such webhook", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn remove(
    State(state): State<AppState>,
    user: CurrentUser,
    Id(id): Id<WebhookId>,
) -> Result<StatusCode, ApiError> {
    app::webhooks::delete(&state.ctx(), &user.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Queues a test ping to the webhook, whatever its events.
#[utoipa::path(post, path = "/api/v1/webhooks/{id}/test", tag = "admin", operation_id = "test_webhook",
    params(("id" = String, Path, description = "The webhook's id")),
    responses(
        (status = 202, description = "Queued; its delivery shows on the webhook"),
        (status = 403, description = "Only admins", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such webhook", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn test(
    State(state): State<AppState>,
    user: CurrentUser,
    Id(id): Id<WebhookId>,
) -> Result<StatusCode, ApiError> {
    app::webhooks::test(&state.ctx(), &user.actor(), id).await?;
    Ok(StatusCode::ACCEPTED)
}
