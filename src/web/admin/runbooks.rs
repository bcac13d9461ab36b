//! Admins keep runbooks: steps for an incident kind or a service, attached as tasks when a
//! matching incident is filed.

use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use uuid::Uuid;

use crate::AppState;
use crate::app;
use crate::app::runbooks::Saved;
use crate::domain::incident::Kind;
use crate::domain::person::Access;
use crate::domain::runbook::{Runbook, RunbookFields};
use crate::domain::validation::FieldErrors;
use crate::error::{AppError, Result};
use crate::i18n::Lang;
use crate::store;
use crate::web::auth::CurrentUser;
use crate::web::extract::Id;
use crate::web::layout::{Layout, redirect_with_flash};
use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/admin/runbooks", Access::ADMIN, list)
        .post("/admin/runbooks", Access::ADMIN, create)
        .get("/admin/runbooks/{id}/edit", Access::ADMIN, edit_form)
        .post("/admin/runbooks/{id}", Access::ADMIN, update)
        .post("/admin/runbooks/{id}/delete", Access::ADMIN, delete)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RunbookForm {
    title: String,
    kind: String,
    service: String,
    steps: String,
    version: String,
}

impl RunbookForm {
    fn parse(&self) -> std::result::Result<RunbookFields, FieldErrors> {
        RunbookFields::parse(&self.title, &self.kind, &self.service, &self.steps)
    }
}

#[derive(Template)]
#[template(path = "admin/runbooks.html")]
struct RunbooksPage {
    layout: Layout,
    runbooks: Vec<Runbook>,
    services: Vec<String>,
    form: RunbookForm,
    errors: FieldErrors,
    /// Set when editing one runbook; `conflict` after a stale save.
    editing: Option<Uuid>,
    conflict: bool,
}

impl RunbooksPage {
    fn kinds(&self) -> &'static [Kind] {
        Kind::ALL
    }

    fn steps(&self, r: &Runbook) -> usize {
        crate::domain::runbook::steps(&r.steps).len()
    }
}

async fn page(
    state: &AppState,
    layout: Layout,
    form: RunbookForm,
    errors: FieldErrors,
    editing: Option<Uuid>,
    conflict: bool,
) -> Result<String> {
    let view = RunbooksPage {
        runbooks: store::runbooks::list(&state.db).await?,
        services: state.copies.service_names(&state.db).await?.to_vec(),
        form,
        errors: errors.in_lang(layout.lang),
        layout,
        editing,
        conflict,
    };
    Ok(view.render()?)
}

async fn list(State(state): State<AppState>, layout: Layout) -> Result<Html<String>> {
    let html = page(
        &state,
        layout,
        RunbookForm::default(),
        FieldErrors::new(),
        None,
        false,
    )
    .await?;
    Ok(Html(html))
}

async fn create(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Form(form): Form<RunbookForm>,
) -> Result<Response> {
    let errors = match form.parse() {
        Ok(fields) => {
            match app::runbooks::save(&state.ctx(), &user.actor(), None, &fields).await? {
                Saved::Saved => return Ok(saved(&fields, layout.lang)),
                Saved::Invalid(errors) => errors,
                Saved::Stale(_) => FieldErrors::new(),
            }
        }
        Err(errors) => errors,
    };
    let html = page(&state, layout, form, errors, None, false).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
}

fn saved(fields: &RunbookFields, lang: Lang) -> Response {
    redirect_with_flash(
        "/admin/runbooks",
        &lang.t1("flash-runbook-saved", "title", &fields.title),
    )
}

async fn edit_form(
    State(state): State<AppState>,
    layout: Layout,
    Id(id): Id<Uuid>,
) -> Result<Html<String>> {
    let r = store::runbooks::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let form = RunbookForm {
        title: r.title,
        kind: r.kind.map(|k| k.as_str().to_owned()).unwrap_or_default(),
        service: r.service.unwrap_or_default(),
        steps: r.steps,
        version: r.version.to_string(),
    };
    let html = page(&state, layout, form, FieldErrors::new(), Some(r.id), false).await?;
    Ok(Html(html))
}

async fn update(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Id(id): Id<Uuid>,
    Form(mut form): Form<RunbookForm>,
) -> Result<Response> {
    let version = form.version.trim().parse().unwrap_or(0);
    let errors = match form.parse() {
        Ok(fields) => {
            match app::runbooks::save(&state.ctx(), &user.actor(), Some((id, version)), &fields)
                .await?
            {
                Saved::Saved => return Ok(saved(&fields, layout.lang)),
                Saved::Stale(current) => {
                    form.version = current.version.to_string();
                    let html =
                        page(&state, layout, form, FieldErrors::new(), Some(id), true).await?;
                    return Ok((StatusCode::CONFLICT, Html(html)).into_response());
                }
                Saved::Invalid(errors) => errors,
            }
        }
        Err(errors) => errors,
    };
    let html = page(&state, layout, form, errors, Some(id), false).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
}

async fn delete(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Id(id): Id<Uuid>,
) -> Result<Response> {
    let r = app::runbooks::delete(&state.ctx(), &user.actor(), id).await?;
    Ok(redirect_with_flash(
        "/admin/runbooks",
        &lang.t1("flash-runbook-deleted", "title", &r.title),
    ))
}
