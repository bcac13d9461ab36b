//! Maintenance windows, signed in: the list, scheduling one, changing it, ending it early.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use time::OffsetDateTime;
use uuid::Uuid;

use super::auth::CurrentUser;
use super::extract::Id;
use super::format::Moment;
use super::layout::{Layout, redirect_with_flash};
use super::routes::Routes;
use crate::AppState;
use crate::app;
use crate::app::maintenance::Edited;
use crate::domain::maintenance::{Maintenance, MaintenanceFields, MaintenanceState};
use crate::domain::person::{Access, Role};
use crate::domain::time::datetime_local;
use crate::domain::validation::FieldErrors;
use crate::error::{AppError, Result};
use crate::store;

pub fn routes() -> Routes {
    Routes::new()
        .get("/maintenance", Access::VIEWER, list)
        .post("/maintenance", Access::RESPONDER, create)
        .get("/maintenance/new", Access::RESPONDER, new_form)
        .get("/maintenance/{id}/edit", Access::RESPONDER, edit_form)
        .post("/maintenance/{id}", Access::RESPONDER, update)
        .post("/maintenance/{id}/finish", Access::RESPONDER, finish)
}

/// A window on the list.
struct Row {
    m: Maintenance,
    starts: Moment,
    ends: Moment,
    /// Alerts that fired on its services while it ran (newest first, at most 20).
    alerts: Vec<(Moment, String)>,
}

#[derive(Template)]
#[template(path = "maintenance/list.html")]
struct ListPage {
    layout: Layout,
    pending: Vec<Row>,
    past: Vec<Row>,
    may_schedule: bool,
}

async fn list(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
) -> Result<Html<String>> {
    let now = OffsetDateTime::now_utc();
    let all = store::maintenance::newest(&state.db, 100).await?;
    let ids: Vec<Uuid> = all.iter().map(|m| m.id).collect();
    let noted = store::maintenance::alerts(&state.db, &ids).await?;
    let row = |m: Maintenance| Row {
        starts: layout.moment(m.starts_at, now),
        ends: layout.moment(m.ends_at, now),
        alerts: noted
            .iter()
            .filter(|(w, _, _)| *w == m.id)
            .map(|(_, at, text)| (layout.moment(*at, now), text.clone()))
            .collect(),
        m,
    };
    let (pending, past): (Vec<Maintenance>, Vec<Maintenance>) =
        all.into_iter().partition(|m| m.state.is_pending());
    let mut pending: Vec<Row> = pending.into_iter().map(row).collect();
    pending.reverse();
    let past = past.into_iter().map(row).collect();
    let page = ListPage {
        may_schedule: user.person.role >= Role::Responder,
        pending,
        past,
        layout,
    };
    Ok(Html(page.render()?))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct MaintenanceForm {
    title: String,
    body: String,
    starts_at: String,
    ends_at: String,
    tz_offset: String,
    services: Vec<String>,
    version: String,
}

impl MaintenanceForm {
    fn parse(&self) -> std::result::Result<MaintenanceFields, FieldErrors> {
        MaintenanceFields::parse(
            &self.title,
            &self.body,
            &self.starts_at,
            &self.ends_at,
            self.tz_offset.trim().parse().unwrap_or(0),
            &self.services,
            OffsetDateTime::now_utc(),
        )
    }

    fn from(m: &Maintenance) -> Self {
        MaintenanceForm {
            title: m.title.clone(),
            body: m.body.clone(),
            starts_at: datetime_local(m.starts_at),
            ends_at: datetime_local(m.ends_at),
            tz_offset: "0".into(),
            services: m.services.iter().map(|(_, n)| n.clone()).collect(),
            version: m.version.to_string(),
        }
    }
}

#[derive(Template)]
#[template(path = "maintenance/form.html")]
struct FormPage {
    layout: Layout,
    /// The window being changed; `None` when scheduling one.
    editing: Option<Maintenance>,
    form: MaintenanceForm,
    errors: FieldErrors,
    services: Vec<String>,
    conflict: bool,
}

impl FormPage {
    fn chosen(&self, name: &str) -> bool {
        self.form.services.iter().any(|s| s == name)
    }
}

async fn form_page(
    state: &AppState,
    layout: Layout,
    editing: Option<Maintenance>,
    form: MaintenanceForm,
    errors: FieldErrors,
    conflict: bool,
) -> Result<FormPage> {
    let services = state.copies.service_names(&state.db).await?;
    Ok(FormPage {
        editing,
        form,
        errors: errors.in_lang(layout.lang),
        layout,
        services: services.as_ref().clone(),
        conflict,
    })
}

async fn new_form(State(state): State<AppState>, layout: Layout) -> Result<Html<String>> {
    let now = OffsetDateTime::now_utc();
    let start = now + time::Duration::days(1);
    let form = MaintenanceForm {
        starts_at: datetime_local(start),
        ends_at: datetime_local(start + time::Duration::hours(2)),
        tz_offset: "0".into(),
        ..MaintenanceForm::default()
    };
    let page = form_page(&state, layout, None, form, FieldErrors::new(), false).await?;
    Ok(Html(page.render()?))
}

async fn create(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Form(form): Form<MaintenanceForm>,
) -> Result<Response> {
    let errors = match form.parse() {
        Ok(fields) => match app::maintenance::schedule(&state.ctx(), &user.actor(), &fields).await?
        {
            Ok(_) => {
                return Ok(redirect_with_flash(
                    "/maintenance",
                    &layout.t1("mt-scheduled", "title", &fields.title),
                ));
            }
            Err(errors) => errors,
        },
        Err(errors) => errors,
    };
    let page = form_page(&state, layout, None, form, errors, false).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
}

async fn edit_form(
    State(state): State<AppState>,
    layout: Layout,
    Id(id): Id<Uuid>,
) -> Result<Html<String>> {
    let m = store::maintenance::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let form = MaintenanceForm::from(&m);
    let page = form_page(&state, layout, Some(m), form, FieldErrors::new(), false).await?;
    Ok(Html(page.render()?))
}

async fn update(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Id(id): Id<Uuid>,
    Form(mut form): Form<MaintenanceForm>,
) -> Result<Response> {
    let expected: i32 = form.version.trim().parse().unwrap_or(0);
    let (errors, conflict) = match form.parse() {
        Ok(fields) => {
            match app::maintenance::edit(&state.ctx(), &user.actor(), id, &fields, expected).await?
            {
                Edited::Saved => {
                    return Ok(redirect_with_flash(
                        "/maintenance",
                        &layout.t1("mt-saved", "title", &fields.title),
                    ));
                }
                Edited::Stale => (FieldErrors::new(), true),
                Edited::Invalid(errors) => (errors, false),
            }
        }
        Err(errors) => (errors, false),
    };
    let m = store::maintenance::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let status = if conflict {
        form.version = m.version.to_string();
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = form_page(&state, layout, Some(m), form, errors, conflict).await?;
    Ok((status, Html(page.render()?)).into_response())
}

async fn finish(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Id(id): Id<Uuid>,
) -> Result<Response> {
    let ended = app::maintenance::finish(&state.ctx(), &user.actor(), id).await?;
    let message = match ended {
        MaintenanceState::Cancelled => layout.t("mt-cancelled"),
        _ => layout.t("mt-ended"),
    };
    Ok(redirect_with_flash("/maintenance", &message))
}
