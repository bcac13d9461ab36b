//! The services incidents affect: list, add, edit, delete.

use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::Form;
use serde::Deserialize;

use super::auth::CurrentUser;
use super::extract::Id;
use super::format;
use super::layout::{Layout, redirect_with_flash};
use super::routes::Routes;
use crate::AppState;
use crate::app;
use crate::app::services::Edited;
use crate::domain::ids::ServiceId;
use crate::domain::person::Access;
use crate::domain::service::{Service, ServiceFields};
use crate::domain::slo::{Budget, percent};
use crate::domain::validation::FieldErrors;
use crate::error::{AppError, Result};
use crate::i18n::Lang;
use crate::store;
use crate::web::chart::Sparkline;

pub fn routes() -> Routes {
    Routes::new()
        .get("/services", Access::VIEWER, list)
        .post("/services", Access::RESPONDER, create)
        .post("/services/{id}", Access::RESPONDER, update)
        .get("/services/{id}/edit", Access::RESPONDER, edit_form)
        .post("/services/{id}/delete", Access::ADMIN, delete)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ServiceForm {
    name: String,
    description: String,
    slo_target: String,
    slo_window_days: String,
    /// "on" when its maintenance windows spend its error budget.
    maintenance_counts: String,
    version: String,
}

impl ServiceForm {
    fn parse(&self) -> std::result::Result<ServiceFields, FieldErrors> {
        ServiceFields::parse(
            &self.name,
            &self.description,
            &self.slo_target,
            &self.slo_window_days,
        )
        .map(|fields| ServiceFields {
            maintenance_counts: self.maintenance_counts == "on",
            ..fields
        })
    }
}

/// A service on the list, with its error budget when it has an objective.
struct ServiceRow {
    service: Service,
    budget: Option<Budget>,
    spark: Option<Sparkline>,
}

impl ServiceRow {
    fn consumed(&self) -> String {
        self.budget
            .as_ref()
            .map(|b| format::minutes(b.consumed_minutes))
            .unwrap_or_default()
    }

    fn allowed(&self) -> String {
        self.budget
            .as_ref()
            .map(|b| format::minutes(b.budget_minutes))
            .unwrap_or_default()
    }

    /// (day, remaining %) for the figures under the chart.
    fn days(&self) -> Vec<(i64, String)> {
        self.budget
            .as_ref()
            .map(|b| {
                b.burn
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (i as i64 + 1, format!("{:.1} %", r * 100.0)))
                    .collect()
            })
            .unwrap_or_default()
    }
}

async fn rows(state: &AppState, user: &CurrentUser) -> Result<Vec<ServiceRow>> {
    let now = time::OffsetDateTime::now_utc();
    let services = store::services::list(&state.db, user.visibility()).await?;
    let windows = store::slo::windows(&state.db, user.visibility(), now).await?;
    Ok(services
        .into_iter()
        .map(|service| {
            let budget = service.slo().map(|slo| {
                let w = windows.get(&service.id).map_or(&[][..], Vec::as_slice);
                Budget::compute(slo, w, now)
            });
            let spark = budget.as_ref().map(|b| Sparkline::ratios(&b.burn));
            ServiceRow {
                service,
                budget,
                spark,
            }
        })
        .collect())
}

#[derive(Template)]
#[template(path = "services/list.html")]
struct ListPage {
    layout: Layout,
    services: Vec<ServiceRow>,
    form: ServiceForm,
    errors: FieldErrors,
}

impl ListPage {
    fn slo_label(&self, slo: &crate::domain::slo::Slo) -> String {
        crate::web::incidents::budget::slo_label(*slo, self.layout.lang)
    }

    /// What is left of a budget: "64 %", or that none is.
    fn remaining(&self, b: &crate::domain::slo::Budget) -> String {
        if b.exhausted() {
            self.layout.t("svc-none-left")
        } else {
            self.layout.lang.percent(b.remaining_ratio * 100.0, 0)
        }
    }
}

async fn list(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
) -> Result<Html<String>> {
    let view = ListPage {
        layout,
        services: rows(&state, &user).await?,
        form: ServiceForm::default(),
        errors: FieldErrors::new(),
    };
    Ok(Html(view.render()?))
}

async fn create(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Form(form): Form<ServiceForm>,
) -> Result<Response> {
    let errors = match form.parse() {
        Ok(fields) => match app::services::add(&state.ctx(), &user.actor(), &fields).await? {
            Ok(_) => {
                return Ok(redirect_with_flash(
                    "/services",
                    &layout.t1("flash-service-added", "name", &fields.name),
                ));
            }
            Err(errors) => errors,
        },
        Err(errors) => errors,
    };
    let view = ListPage {
        services: rows(&state, &user).await?,
        form,
        errors: errors.in_lang(layout.lang),
        layout,
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(view.render()?)).into_response())
}

#[derive(Template)]
#[template(path = "services/edit.html")]
struct EditPage {
    layout: Layout,
    service: Service,
    form: ServiceForm,
    errors: FieldErrors,
    conflict: bool,
}

async fn edit_form(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Id(id): Id<ServiceId>,
) -> Result<Html<String>> {
    let service = store::services::get(&state.db, id, user.visibility())
        .await?
        .ok_or(AppError::NotFound)?;
    let slo = service.slo();
    let form = ServiceForm {
        name: service.name.clone(),
        description: service.description.clone(),
        slo_target: slo.map(|s| percent(s.target)).unwrap_or_default(),
        slo_window_days: slo.map(|s| s.window_days.to_string()).unwrap_or_default(),
        maintenance_counts: if service.maintenance_counts {
            "on".into()
        } else {
            String::new()
        },
        version: service.version.to_string(),
    };
    let view = EditPage {
        layout,
        service,
        form,
        errors: FieldErrors::new(),
        conflict: false,
    };
    Ok(Html(view.render()?))
}

async fn update(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Id(id): Id<ServiceId>,
    Form(mut form): Form<ServiceForm>,
) -> Result<Response> {
    let version: i32 = form.version.trim().parse().unwrap_or(0);
    let (errors, conflict) = match form.parse() {
        Ok(fields) => {
            match app::services::edit(&state.ctx(), &user.actor(), id, version, &fields).await? {
                Edited::Saved => {
                    return Ok(redirect_with_flash(
                        "/services",
                        &layout.t1("flash-service-saved", "name", &fields.name),
                    ));
                }
                Edited::Stale(_) => (FieldErrors::new(), true),
                Edited::Invalid(errors) => (errors, false),
            }
        }
        Err(errors) => (errors, false),
    };
    let service = store::services::get(&state.db, id, user.visibility())
        .await?
        .ok_or(AppError::NotFound)?;
    let status = if conflict {
        form.version = service.version.to_string();
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let view = EditPage {
        service,
        form,
        errors: errors.in_lang(layout.lang),
        layout,
        conflict,
    };
    Ok((status, Html(view.render()?)).into_response())
}

async fn delete(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Id(id): Id<ServiceId>,
) -> Result<Response> {
    let (service, deleted) = app::services::delete(&state.ctx(), &user.actor(), id).await?;
    let message = if deleted {
        lang.t1("flash-service-deleted", "name", &service.name)
    } else {
        lang.t1("flash-service-kept", "name", &service.name)
    };
    Ok(redirect_with_flash("/services", &message))
}
