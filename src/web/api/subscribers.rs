//! `/api/v1/subscribers` (admins): the status page's subscribers, in keyset pages without
//! their private links, and removed.

use crate::i18n::Message;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{ApiQuery, next_link};
use crate::AppState;
use crate::app;
use crate::domain::person::Access;
use crate::domain::time::rfc3339;
use crate::domain::validation::FieldErrors;
use crate::error::{ApiError, AppError, Problem};
use crate::store;
use crate::web::auth::CurrentUser;
use crate::web::extract::Id;
use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/api/v1/subscribers", Access::ADMIN, subscribers)
        .delete("/api/v1/subscribers/{id}", Access::ADMIN, remove_subscriber)
}

/// A subscriber to the status page (their private link is never shown).
#[derive(Debug, Serialize, ToSchema)]
pub struct SubscriberJson {
    pub id: Uuid,
    /// email or webhook.
    pub channel: String,
    pub address: String,
    /// The components they follow, by public name; empty for all.
    pub components: Vec<String>,
    pub confirmed: bool,
    pub created_at: String,
    /// Webhook subscribers: notices delivered, waiting and given up on.
    pub delivered: i64,
    pub pending: i64,
    pub failed: i64,
}

/// A page of subscribers.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubscriberPage {
    pub items: Vec<SubscriberJson>,
    /// The next page; null on the last.
    pub next: Option<String>,
}

/// Where a page of subscribers starts.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SubscriberQuery {
    /// From `next`.
    pub cursor: Option<String>,
    /// 1 to 500 (default 100).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
}

/// The status page's subscribers, newest first.
#[utoipa::path(get, path = "/api/v1/subscribers", tag = "status", operation_id = "list_subscribers",
    params(SubscriberQuery),
    responses(
        (status = 200, description = "A page of subscribers", body = SubscriberPage),
        (status = 403, description = "Only admins", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An unreadable cursor or limit", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn subscribers(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<SubscriberQuery>,
) -> Result<axum::Json<SubscriberPage>, ApiError> {
    let mut errors = FieldErrors::new();
    let after = query.cursor.as_deref().and_then(|c| {
        let parsed = c.split_once('_').and_then(|(at, id)| {
            let at = at.parse::<i128>().ok()?;
            let at = OffsetDateTime::from_unix_timestamp_nanos(at).ok()?;
            Some((at, id.parse::<Uuid>().ok()?))
        });
        if parsed.is_none() {
            errors.add_said("cursor", Message::new("val-this-is-not-a-cursor-from-this"));
        }
        parsed
    });
    let limit = query.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        errors.add_said("limit", Message::new("val-ask-for-1-to-500-subscribers"));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors).into());
    }
    let mut found = store::subscribers::page(&state.db, after, limit + 1).await?;
    let more = found.len() > usize::try_from(limit).unwrap_or(100);
    found.truncate(usize::try_from(limit).unwrap_or(100));
    let components = store::status::components(&state.db).await?;
    let next = more.then(|| found.last()).flatten().map(|last| {
        let s = &last.subscriber;
        let cursor = format!("{}_{}", s.created_at.unix_timestamp_nanos(), s.id);
        let mut pairs = vec![("cursor", cursor)];
        if let Some(l) = query.limit {
            pairs.push(("limit", l.to_string()));
        }
        next_link("/api/v1/subscribers", &pairs)
    });
    let items = found
        .into_iter()
        .map(|l| {
            let s = l.subscriber;
            SubscriberJson {
                id: s.id,
                channel: s.channel.as_str().into(),
                address: s.address,
                components: s
                    .components
                    .iter()
                    .map(|id| {
                        components
                            .iter()
                            .find(|c| c.service_id == *id)
                            .map_or_else(|| "(no longer shown)".into(), |c| c.public_name.clone())
                    })
                    .collect(),
                confirmed: s.confirmed_at.is_some(),
                created_at: rfc3339(s.created_at),
                delivered: l.delivered,
                pending: l.pending,
                failed: l.failed,
            }
        })
        .collect();
    Ok(axum::Json(SubscriberPage { items, next }))
}

/// Removes a subscriber (they are sent nothing more).
#[utoipa::path(delete, path = "/api/v1/subscribers/{id}", tag = "status", operation_id = "remove_subscriber",
    params(("id" = String, Path, description = "The subscriber's id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "Only admins", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such subscriber", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn remove_subscriber(
    State(state): State<AppState>,
    user: CurrentUser,
    Id(id): Id<Uuid>,
) -> Result<StatusCode, ApiError> {
    app::subscriptions::remove(&state.ctx(), &user.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
