//! Action items: added on the post-mortem, listed and filtered on `/action-items`.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use time::OffsetDateTime;

use super::load_existing;
use super::view::{Page, render_view};
use crate::AppState;
use crate::app;
use crate::domain::action::{ActionFields, ActionItem, ActionKind, ActionOrder, ActionStatus};
use crate::domain::person::Person;
use crate::error::{AppError, Result};
use crate::store;
use crate::store::action_items::ActionFilter;
use crate::web::auth::CurrentUser;
use crate::web::extract::{Id, IncidentNumber};
use crate::web::layout::{Layout, redirect_with_flash};

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct ActionForm {
    pub title: String,
    pub owner: String,
    pub due_on: String,
    pub priority: String,
    pub kind: String,
    pub status: String,
    pub tracker_url: String,
}

pub(super) async fn add_action(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    Form(form): Form<ActionForm>,
) -> Result<Response> {
    let parsed = ActionFields::parse(
        &form.title,
        &form.owner,
        &form.due_on,
        &form.priority,
        &form.kind,
        &form.status,
        &form.tracker_url,
    );
    let errors = match parsed {
        Ok(fields) => {
            match app::action_items::add(&state.ctx(), &user.actor(), number, &fields).await? {
                Ok(_) => {
                    return Ok(redirect_with_flash(
                        &format!("/incidents/{number}/postmortem#actions"),
                        &layout.t("flash-action-added"),
                    ));
                }
                Err(errors) => errors,
            }
        }
        Err(errors) => errors,
    };
    let (incident, pm) = load_existing(&state, &user, number).await?;
    render_view(
        &state,
        layout,
        incident,
        Some(pm),
        Page {
            action: Some((form, errors)),
            ..Page::default()
        },
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct ActionStatusForm {
    status: String,
    back: String,
}

pub(super) async fn action_status(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Id(id): Id<uuid::Uuid>,
    Form(form): Form<ActionStatusForm>,
) -> Result<Response> {
    let status = ActionStatus::parse(&form.status).ok_or_else(|| {
        AppError::BadRequest(layout.t1("flash-no-such-action-status", "value", &form.status))
    })?;
    let message =
        match app::action_items::set_status(&state.ctx(), &user.actor(), id, status).await? {
            Some(title) => layout.t2(
                "flash-action-status",
                "title",
                &title,
                "status",
                layout.tk("action-status-", status.as_str()).to_lowercase(),
            ),
            None => layout.t("flash-nothing-changed"),
        };
    let back = crate::web::auth::safe_next(&form.back);
    Ok(redirect_with_flash(
        if back == "/" { "/action-items" } else { back },
        &message,
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct ActionQuery {
    owner: String,
    status: String,
    kind: String,
    overdue: String,
    /// due (default), priority or created.
    sort: String,
}

#[derive(Template)]
#[template(path = "postmortems/action_items.html")]
struct ActionItemsPage {
    layout: Layout,
    items: Vec<ActionItem>,
    people: Vec<Person>,
    query: ActionQuery,
    now: OffsetDateTime,
}

impl ActionItemsPage {
    fn overdue(&self, item: &ActionItem) -> bool {
        item.overdue(self.now)
    }

    fn kinds(&self) -> &'static [ActionKind] {
        ActionKind::ALL
    }

    fn statuses(&self) -> &'static [ActionStatus] {
        ActionStatus::ALL
    }

    fn back(&self) -> String {
        self.link(self.query.sort.as_str())
    }

    /// This list with its filters, in `sort` order.
    fn link(&self, sort: &str) -> String {
        let pairs: Vec<(&str, &str)> = [
            ("owner", self.query.owner.as_str()),
            ("status", self.query.status.as_str()),
            ("kind", self.query.kind.as_str()),
            ("overdue", self.query.overdue.as_str()),
            ("sort", sort),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .collect();
        format!(
            "/action-items?{}",
            serde_urlencoded::to_string(pairs).unwrap_or_default()
        )
    }

    /// For a sortable column: the link that sorts by it, its aria-sort state and arrow.
    fn sort_link(&self, column: &str) -> Option<(String, &'static str, &'static str)> {
        let order = ActionOrder::parse(column).filter(|_| !column.is_empty())?;
        let current = ActionOrder::parse(&self.query.sort).unwrap_or_default();
        let (state, arrow) = match (order == current, order) {
            (false, _) => ("none", ""),
            (true, ActionOrder::Created) => ("descending", " ▼"),
            (true, _) => ("ascending", " ▲"),
        };
        Some((self.link(order.as_str()), state, arrow))
    }
}

pub(super) async fn action_items(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Query(query): Query<ActionQuery>,
) -> Result<Response> {
    let owner = match query.owner.trim() {
        "" => None,
        "me" => Some(user.person.id),
        id => Some(
            id.parse()
                .map_err(|_| AppError::BadRequest(format!("\"{id}\" is not a person.")))?,
        ),
    };
    let status = match query.status.trim() {
        "" => None,
        s => Some(
            ActionStatus::parse(s)
                .ok_or_else(|| AppError::BadRequest(format!("\"{s}\" is not a status.")))?,
        ),
    };
    let kind = match query.kind.trim() {
        "" => None,
        k => Some(
            ActionKind::parse(k)
                .ok_or_else(|| AppError::BadRequest(format!("\"{k}\" is not a type.")))?,
        ),
    };
    let filter = ActionFilter {
        id: None,
        postmortem_id: None,
        owner,
        status,
        kind,
        overdue: !query.overdue.is_empty(),
        unfinished: false,
        order: ActionOrder::parse(&query.sort).ok_or_else(|| {
            AppError::BadRequest(format!("\"{}\" is not a sort order.", query.sort.trim()))
        })?,
        after: None,
    };
    let items = store::action_items::actions(&state.db, &filter, user.visibility(), 500).await?;
    let people = store::people::list(&state.db).await?;
    let view = ActionItemsPage {
        layout,
        items,
        people,
        query,
        now: OffsetDateTime::now_utc(),
    };
    Ok(Html(view.render()?).into_response())
}
