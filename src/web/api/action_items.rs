//! `/api/v1/action-items`: the follow-up work post-mortems commit to, listed with the
//! page's filters (keyset-paginated), added, edited with the version read, and moved on.

use crate::i18n::Message;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{ApiJson, ApiQuery, json_with, next_link};
use crate::AppState;
use crate::app;
use crate::app::action_items::Edited;
use crate::domain::action::{ActionFields, ActionItem, ActionKind, ActionOrder, ActionStatus};
use crate::domain::person::Access;
use crate::domain::validation::FieldErrors;
use crate::error::{ApiError, AppError, Problem};
use crate::store;
use crate::store::action_items::ActionFilter;
use crate::web::auth::CurrentUser;
use crate::web::extract::{Id, IncidentNumber};
use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/api/v1/action-items", Access::VIEWER, list)
        .get("/api/v1/action-items/{id}", Access::VIEWER, show)
        .patch("/api/v1/action-items/{id}", Access::RESPONDER, edit)
        .post(
            "/api/v1/action-items/{id}/status",
            Access::RESPONDER,
            set_status,
        )
        .post(
            "/api/v1/incidents/{number}/postmortem/action-items",
            Access::RESPONDER,
            add,
        )
}

/// An action item.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActionItemJson {
    pub id: Uuid,
    /// The incident's number.
    pub incident: i64,
    /// INC-42.
    pub incident_reference: String,
    pub incident_title: String,
    pub title: String,
    /// The owner's email.
    pub owner: Option<String>,
    pub owner_name: Option<String>,
    /// YYYY-MM-DD.
    pub due_on: Option<String>,
    /// p1 to p4.
    pub priority: String,
    /// prevent, mitigate, detect or process.
    #[serde(rename = "type")]
    pub kind: String,
    /// open, in_progress, done or wont_do.
    pub status: String,
    /// Past its due date and not finished.
    pub overdue: bool,
    pub tracker_url: String,
    /// The linked issue as its tracker names it ("acme/shop#42", "OPS-12"); null without
    /// a link.
    pub tracker_key: Option<String>,
    /// Send it back when editing.
    pub version: i32,
}

impl From<&ActionItem> for ActionItemJson {
    fn from(a: &ActionItem) -> Self {
        ActionItemJson {
            id: a.id,
            incident: a.incident_number,
            incident_reference: format!("INC-{}", a.incident_number),
            incident_title: a.incident_title.clone(),
            title: a.title.clone(),
            owner: a.owner_email.clone(),
            owner_name: a.owner.clone(),
            due_on: a.due_on.map(|d| d.to_string()),
            priority: a.priority.as_str().into(),
            kind: a.kind.as_str().into(),
            status: a.status.as_str().into(),
            overdue: a.overdue(time::OffsetDateTime::now_utc()),
            tracker_url: a.tracker_url.clone(),
            tracker_key: (!a.tracker_url.is_empty()).then(|| a.tracker_label()),
            version: a.version,
        }
    }
}

/// A page of action items.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActionItemPage {
    pub items: Vec<ActionItemJson>,
    /// The next page (this list's address with its filters and a cursor); null on the last.
    pub next: Option<String>,
}

/// The list's filters, as on the action items page.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ActionQuery {
    /// The owner's email, or "me".
    pub owner: Option<String>,
    /// open, in_progress, done or wont_do.
    pub status: Option<String>,
    /// prevent, mitigate, detect or process.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub kind: Option<String>,
    /// Only unfinished items past their due date.
    pub overdue: Option<bool>,
    /// due (soonest first, the default), priority (P1 first) or created (newest first).
    pub sort: Option<String>,
    /// The page after this item (from `next`).
    pub cursor: Option<Uuid>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
}

/// Action items across incidents, with the page's filters.
#[utoipa::path(get, path = "/api/v1/action-items", tag = "postmortems", operation_id = "list_action_items",
    params(ActionQuery),
    responses(
        (status = 200, description = "A page of action items", body = ActionItemPage),
        (status = 422, description = "A filter is invalid", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<ActionQuery>,
) -> Result<axum::Json<ActionItemPage>, ApiError> {
    let mut errors = FieldErrors::new();
    let owner = match query.owner.as_deref().map(str::trim) {
        None => None,
        Some("me") => Some(user.person.id),
        Some(email) => match store::people::find_by_email(&state.db, email).await? {
            Some(p) => Some(p.id),
            None => {
                errors.add("owner", format!("No account has the email {email}."));
                None
            }
        },
    };
    let status = query.status.as_deref().and_then(|s| {
        let parsed = ActionStatus::parse(s);
        if parsed.is_none() {
            errors.add_said("status", Message::new("val-choose-status-api"));
        }
        parsed
    });
    let kind = query.kind.as_deref().and_then(|k| {
        let parsed = ActionKind::parse(k);
        if parsed.is_none() {
            errors.add_said(
                "type",
                Message::new("val-choose-prevent-mitigate-detect-or-process"),
            );
        }
        parsed
    });
    let order = match query.sort.as_deref() {
        None => ActionOrder::Due,
        Some(s) => ActionOrder::parse(s).unwrap_or_else(|| {
            errors.add_said("sort", Message::new("val-choose-due-priority-or-created"));
            ActionOrder::Due
        }),
    };
    let limit = query.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        errors.add_said("limit", Message::new("val-the-page-size-is-1-to"));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors).into());
    }
    let filter = ActionFilter {
        owner,
        status,
        kind,
        overdue: query.overdue.unwrap_or(false),
        order,
        after: query.cursor,
        ..Default::default()
    };
    let mut items =
        store::action_items::actions(&state.db, &filter, user.visibility(), limit + 1).await?;
    let more = items.len() > usize::try_from(limit).unwrap_or(50);
    items.truncate(usize::try_from(limit).unwrap_or(50));
    let next = more.then(|| items.last()).flatten().map(|last| {
        let mut pairs = Vec::new();
        if let Some(o) = &query.owner {
            pairs.push(("owner", o.clone()));
        }
        if let Some(s) = &query.status {
            pairs.push(("status", s.clone()));
        }
        if let Some(k) = &query.kind {
            pairs.push(("type", k.clone()));
        }
        if let Some(o) = query.overdue {
            pairs.push(("overdue", o.to_string()));
        }
        if let Some(s) = &query.sort {
            pairs.push(("sort", s.clone()));
        }
        if let Some(l) = query.limit {
            pairs.push(("limit", l.to_string()));
        }
        pairs.push(("cursor", last.id.to_string()));
        next_link("/api/v1/action-items", &pairs)
    });
    Ok(axum::Json(ActionItemPage {
        items: items.iter().map(Into::into).collect(),
        next,
    }))
}

async fn one(state: &AppState, user: &CurrentUser, id: Uuid) -> Result<ActionItemJson, ApiError> {
    let filter = ActionFilter {
        id: Some(id),
        ..Default::default()
    };
    let items = store::action_items::actions(&state.db, &filter, user.visibility(), 1).await?;
    Ok(items.first().ok_or(AppError::NotFound)?.into())
}

/// One action item.
#[utoipa::path(get, path = "/api/v1/action-items/{id}", tag = "postmortems", operation_id = "show_action_item",
    params(("id" = String, Path, description = "The action item's id")),
    responses(
        (status = 200, description = "The action item", body = ActionItemJson),
        (status = 404, description = "No such action item", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Id(id): Id<Uuid>,
) -> Result<axum::Json<ActionItemJson>, ApiError> {
    Ok(axum::Json(one(&state, &user, id).await?))
}

/// A new action item.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewActionItem {
    /// 1 to 300 characters.
    pub title: String,
    /// The owner's email: an active person who may respond.
    #[serde(default)]
    pub owner: Option<String>,
    /// YYYY-MM-DD.
    #[serde(default)]
    pub due_on: Option<String>,
    /// p1 to p4.
    pub priority: String,
    /// prevent, mitigate, detect or process.
    #[serde(rename = "type")]
    pub kind: String,
    /// open (the default), in_progress, done or wont_do.
    #[serde(default)]
    pub status: Option<String>,
    /// https:// or http://.
    #[serde(default)]
    pub tracker_url: Option<String>,
}

/// Adds an action item to the incident's post-mortem.
#[utoipa::path(post, path = "/api/v1/incidents/{number}/postmortem/action-items", tag = "postmortems", operation_id = "add_action_item",
    request_body = NewActionItem,
    params(("number" = i64, Path, description = "The incident number")),
    responses(
        (status = 201, description = "Added", body = ActionItemJson,
            links(("edit" = (operation_id = "edit_action_item",
                parameters(("id" = "$response.body#/id")),
                description = "Edits the item with its version")))),
        (status = 404, description = "No such incident, or it has no post-mortem", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn add(
    State(state): State<AppState>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    ApiJson(body): ApiJson<NewActionItem>,
) -> Result<Response, ApiError> {
    let fields = ActionFields::parse(
        &body.title,
        body.owner.as_deref().unwrap_or(""),
        body.due_on.as_deref().unwrap_or(""),
        &body.priority,
        &body.kind,
        body.status.as_deref().unwrap_or(""),
        body.tracker_url.as_deref().unwrap_or(""),
    )
    .map_err(|e| AppError::Validation(e.renamed("kind", "type")))?;
    let id = app::action_items::add(&state.ctx(), &user.actor(), number, &fields)
        .await?
        .map_err(AppError::Validation)?;
    Ok(json_with(
        StatusCode::CREATED,
        one(&state, &user, id).await?,
    ))
}

/// A change to an action item: the version read, and the fields to change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionItemChange {
    /// The `version` read; a stale one is refused with 409 and the item as it is.
    pub version: i32,
    pub title: Option<String>,
    /// The owner's email; "" for nobody.
    pub owner: Option<String>,
    /// YYYY-MM-DD; "" for no date.
    pub due_on: Option<String>,
    pub priority: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub status: Option<String>,
    pub tracker_url: Option<String>,
}

/// Edits an action item; fields left out stay as they are.
#[utoipa::path(patch, path = "/api/v1/action-items/{id}", tag = "postmortems", operation_id = "edit_action_item",
    request_body = ActionItemChange,
    params(("id" = String, Path, description = "The action item's id")),
    responses(
        (status = 200, description = "The item now", body = ActionItemJson),
        (status = 404, description = "No such action item", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Changed since the version read (`current` holds it); nothing written", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn edit(
    State(state): State<AppState>,
    user: CurrentUser,
    Id(id): Id<Uuid>,
    ApiJson(body): ApiJson<ActionItemChange>,
) -> Result<axum::Json<ActionItemJson>, ApiError> {
    let now = one(&state, &user, id).await?;
    let pick = |sent: &Option<String>, kept: &str| sent.clone().unwrap_or_else(|| kept.to_owned());
    let fields = ActionFields::parse(
        &pick(&body.title, &now.title),
        &pick(&body.owner, now.owner.as_deref().unwrap_or("")),
        &pick(&body.due_on, now.due_on.as_deref().unwrap_or("")),
        &pick(&body.priority, &now.priority),
        &pick(&body.kind, &now.kind),
        &pick(&body.status, &now.status),
        &pick(&body.tracker_url, &now.tracker_url),
    )
    .map_err(|e| AppError::Validation(e.renamed("kind", "type")))?;
    let edited = app::action_items::edit(&state.ctx(), &user.actor(), id, body.version, &fields)
        .await?
        .map_err(AppError::Validation)?;
    match edited {
        Edited::Saved => Ok(axum::Json(one(&state, &user, id).await?)),
        Edited::Stale(current) => Err(AppError::Conflict {
            message: format!(
                "The action item was changed since version {} was read (it is now version {}); \
                 nothing was saved.",
                body.version, current.version
            ),
            current: serde_json::to_value(ActionItemJson::from(current.as_ref())).ok(),
        }
        .into()),
    }
}

/// A new status.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionStatusChange {
    /// open, in_progress, done or wont_do.
    pub status: String,
}

/// Moves an action item on (done, for one); no version needed, as on the pages. Setting
/// the status it has changes nothing.
#[utoipa::path(post, path = "/api/v1/action-items/{id}/status", tag = "postmortems", operation_id = "set_action_item_status",
    request_body = ActionStatusChange,
    params(("id" = String, Path, description = "The action item's id")),
    responses(
        (status = 200, description = "The item now", body = ActionItemJson),
        (status = 404, description = "No such action item", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a status", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn set_status(
    State(state): State<AppState>,
    user: CurrentUser,
    Id(id): Id<Uuid>,
    ApiJson(body): ApiJson<ActionStatusChange>,
) -> Result<axum::Json<ActionItemJson>, ApiError> {
    let status = ActionStatus::parse(&body.status).ok_or_else(|| {
        AppError::Validation(FieldErrors::one(
            "status",
            "Choose open, in_progress, done or wont_do.",
        ))
    })?;
    app::action_items::set_status(&state.ctx(), &user.actor(), id, status).await?;
    Ok(axum::Json(one(&state, &user, id).await?))
}
