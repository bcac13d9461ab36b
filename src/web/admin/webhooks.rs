//! /admin/webhooks: where Murphy announces incident events, each delivery's attempts, test
//! pings and retries.

use askama::Template;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::AppState;
use crate::app;
use crate::app::webhooks::Edited;
use crate::domain::ids::WebhookId;
use crate::domain::person::Access;
use crate::domain::validation::FieldErrors;
use crate::domain::webhook::{Event, Format, Webhook, WebhookFields};
use crate::error::{AppError, Result};
use crate::i18n::Lang;
use crate::store;
use crate::web::auth::CurrentUser;
use crate::web::extract::Id;
use crate::web::format::Moment;
use crate::web::layout::{Layout, redirect_with_flash};
use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/admin/webhooks", Access::ADMIN, list)
        .post("/admin/webhooks", Access::ADMIN, create)
        .get("/admin/webhooks/{id}", Access::ADMIN, show)
        .post("/admin/webhooks/{id}", Access::ADMIN, update)
        .post("/admin/webhooks/{id}/delete", Access::ADMIN, delete)
        .post("/admin/webhooks/{id}/test", Access::ADMIN, test)
        .post(
            "/admin/webhooks/{id}/deliveries/{delivery}/retry",
            Access::ADMIN,
            retry,
        )
}

/// Deliveries shown on a webhook's page.
const SHOWN: i64 = 50;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct WebhookForm {
    name: String,
    url: String,
    events: Vec<String>,
    format: String,
    /// "on" when ticked.
    active: String,
    /// A tracker's API token: empty keeps the one saved.
    token: String,
    project: String,
    version: String,
}

impl WebhookForm {
    fn parse(&self) -> std::result::Result<WebhookFields, FieldErrors> {
        WebhookFields::parse(
            &self.name,
            &self.url,
            &self.events,
            &self.format,
            !self.active.is_empty(),
            &self.token,
            &self.project,
        )
    }

    fn from(w: &Webhook) -> Self {
        WebhookForm {
            name: w.name.clone(),
            url: w.url.clone(),
            events: w.events.clone(),
            format: w.format.as_str().into(),
            active: if w.active { "on".into() } else { String::new() },
            token: String::new(),
            project: w.project.clone(),
            version: w.version.to_string(),
        }
    }

    fn has(&self, e: &Event) -> bool {
        self.events.iter().any(|x| x == e.as_str())
    }
}

#[derive(Template)]
#[template(path = "admin/webhooks.html")]
struct ListPage {
    layout: Layout,
    webhooks: Vec<Webhook>,
    form: WebhookForm,
    errors: FieldErrors,
    /// The secret of a webhook just added, shown this once.
    created: Option<String>,
}

impl ListPage {
    fn events(&self) -> [Event; 7] {
        Event::ALL
    }
}

fn default_form() -> WebhookForm {
    WebhookForm {
        events: Event::ALL.iter().map(|e| e.as_str().to_owned()).collect(),
        format: Format::Murphy.as_str().into(),
        active: "on".into(),
        ..Default::default()
    }
}

async fn list_page(
    state: &AppState,
    layout: Layout,
    form: WebhookForm,
    errors: FieldErrors,
    created: Option<String>,
) -> Result<String> {
    let view = ListPage {
        webhooks: store::webhooks::list(&state.db).await?,
        form,
        errors: errors.in_lang(layout.lang),
        layout,
        created,
    };
    Ok(view.render()?)
}

async fn list(State(state): State<AppState>, layout: Layout) -> Result<Html<String>> {
    Ok(Html(
        list_page(&state, layout, default_form(), FieldErrors::new(), None).await?,
    ))
}

async fn create(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Form(form): Form<WebhookForm>,
) -> Result<Response> {
    let fields = match form.parse() {
        Ok(f) => f,
        Err(errors) => {
            let html = list_page(&state, layout, form, errors, None).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response());
        }
    };
    let secret = match app::webhooks::create(&state.ctx(), &user.actor(), &fields).await? {
        Ok((_, secret)) => secret,
        Err(errors) => {
            let html = list_page(&state, layout, form, errors, None).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response());
        }
    };
    let html = list_page(
        &state,
        layout,
        default_form(),
        FieldErrors::new(),
        Some(secret),
    )
    .await?;
    Ok((StatusCode::CREATED, Html(html)).into_response())
}

/// A delivery as its page shows it.
struct DeliveryRow {
    d: store::webhooks::Delivery,
    created: Moment,
    next: Option<Moment>,
    tries: Vec<(store::webhooks::Attempt, Moment)>,
}

#[derive(Template)]
#[template(path = "admin/webhook.html")]
struct ShowPage {
    layout: Layout,
    webhook: Webhook,
    form: WebhookForm,
    errors: FieldErrors,
    conflict: bool,
    deliveries: Vec<DeliveryRow>,
}

impl ShowPage {
    fn events(&self) -> [Event; 7] {
        Event::ALL
    }
}

async fn show_page(
    state: &AppState,
    layout: Layout,
    id: WebhookId,
    form: Option<WebhookForm>,
    errors: FieldErrors,
    conflict: bool,
) -> Result<String> {
    let webhook = store::webhooks::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let now = OffsetDateTime::now_utc();
    let mut conn = state.db.acquire().await?;
    let deliveries = store::webhooks::deliveries(&mut conn, id, SHOWN)
        .await?
        .into_iter()
        .map(|d| DeliveryRow {
            created: layout.moment(d.created_at, now),
            next: (d.state == "pending").then(|| layout.moment(d.next_attempt_at, now)),
            tries: d
                .tries
                .iter()
                .map(|a| (a.clone(), layout.moment(a.attempted_at, now)))
                .collect(),
            d,
        })
        .collect();
    let view = ShowPage {
        form: form.unwrap_or_else(|| WebhookForm::from(&webhook)),
        webhook,
        errors: errors.in_lang(layout.lang),
        layout,
        conflict,
        deliveries,
    };
    Ok(view.render()?)
}

async fn show(
    State(state): State<AppState>,
    layout: Layout,
    Id(id): Id<WebhookId>,
) -> Result<Html<String>> {
    Ok(Html(
        show_page(&state, layout, id, None, FieldErrors::new(), false).await?,
    ))
}

async fn update(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Id(id): Id<WebhookId>,
    Form(mut form): Form<WebhookForm>,
) -> Result<Response> {
    let fields = match form.parse() {
        Ok(f) => f,
        Err(errors) => {
            let html = show_page(&state, layout, id, Some(form), errors, false).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response());
        }
    };
    let version: i32 = form.version.trim().parse().unwrap_or(0);
    match app::webhooks::edit(&state.ctx(), &user.actor(), id, version, &fields).await? {
        Edited::Saved => Ok(redirect_with_flash(
            &format!("/admin/webhooks/{id}"),
            &layout.t1("flash-webhook-saved", "name", &fields.name),
        )),
        Edited::Invalid(errors) => {
            let html = show_page(&state, layout, id, Some(form), errors, false).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
        Edited::Stale(current) => {
            form.version = current.version.to_string();
            let html = show_page(&state, layout, id, Some(form), FieldErrors::new(), true).await?;
            Ok((StatusCode::CONFLICT, Html(html)).into_response())
        }
    }
}

async fn delete(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Id(id): Id<WebhookId>,
) -> Result<Response> {
    let name = app::webhooks::delete(&state.ctx(), &user.actor(), id).await?;
    Ok(redirect_with_flash(
        "/admin/webhooks",
        &lang.t1("flash-webhook-deleted", "name", &name),
    ))
}

async fn test(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Id(id): Id<WebhookId>,
) -> Result<Response> {
    let name = app::webhooks::test(&state.ctx(), &user.actor(), id).await?;
    Ok(redirect_with_flash(
        &format!("/admin/webhooks/{id}"),
        &lang.t1("flash-webhook-ping", "name", &name),
    ))
}

async fn retry(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    Id(id): Id<WebhookId>,
    Path((_, delivery)): Path<(String, String)>,
) -> Result<Response> {
    let delivery: Uuid = delivery.parse().map_err(|_| AppError::NotFound)?;
    let message = if app::webhooks::retry(&state.ctx(), id, delivery).await? {
        lang.t("flash-delivery-queued")
    } else {
        lang.t("flash-delivery-not-retried")
    };
    Ok(redirect_with_flash(
        &format!("/admin/webhooks/{id}"),
        &message,
    ))
}
