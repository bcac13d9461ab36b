//! The services incidents affect: list, add, edit, delete.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum_extra::extract::Form;
use serde::Deserialize;
use uuid::Uuid;

use super::layout::{Layout, redirect_with_flash};
use crate::AppState;
use crate::domain::service::{Service, ServiceFields};
use crate::domain::validation::FieldErrors;
use crate::error::{AppError, Result};
use crate::store;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/services", get(list).post(create))
        .route("/services/{id}", post(update))
        .route("/services/{id}/edit", get(edit_form))
        .route("/services/{id}/delete", post(delete))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ServiceForm {
    name: String,
    description: String,
    version: String,
}

#[derive(Template)]
#[template(path = "services/list.html")]
struct ListPage {
    layout: Layout,
    services: Vec<Service>,
    form: ServiceForm,
    errors: FieldErrors,
}

fn service_id(raw: &str) -> Result<Uuid> {
    raw.parse().map_err(|_| AppError::NotFound)
}

async fn list(State(state): State<AppState>, layout: Layout) -> Result<Html<String>> {
    let view = ListPage {
        layout,
        services: store::services::list(&state.db).await?,
        form: ServiceForm::default(),
        errors: FieldErrors::new(),
    };
    Ok(Html(view.render()?))
}

async fn create(
    State(state): State<AppState>,
    layout: Layout,
    Form(form): Form<ServiceForm>,
) -> Result<Response> {
    let errors = match ServiceFields::parse(&form.name, &form.description) {
        Ok(fields) => match store::services::create(&state.db, &fields).await? {
            Ok(_) => {
                return Ok(redirect_with_flash(
                    "/services",
                    &format!("Service \"{}\" added.", fields.name),
                ));
            }
            Err(errors) => errors,
        },
        Err(errors) => errors,
    };
    let view = ListPage {
        layout,
        services: store::services::list(&state.db).await?,
        form,
        errors,
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
    Path(raw): Path<String>,
) -> Result<Html<String>> {
    let service = store::services::get(&state.db, service_id(&raw)?)
        .await?
        .ok_or(AppError::NotFound)?;
    let form = ServiceForm {
        name: service.name.clone(),
        description: service.description.clone(),
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
    Path(raw): Path<String>,
    Form(mut form): Form<ServiceForm>,
) -> Result<Response> {
    let id = service_id(&raw)?;
    let version: i32 = form.version.trim().parse().unwrap_or(0);
    let (errors, conflict) = match ServiceFields::parse(&form.name, &form.description) {
        Ok(fields) => match store::services::update(&state.db, id, version, &fields).await? {
            Ok(Some(_)) => {
                return Ok(redirect_with_flash(
                    "/services",
                    &format!("Service \"{}\" saved.", fields.name),
                ));
            }
            Ok(None) => (FieldErrors::new(), true),
            Err(errors) => (errors, false),
        },
        Err(errors) => (errors, false),
    };
    let service = store::services::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let status = if conflict {
        form.version = service.version.to_string();
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let view = EditPage {
        layout,
        service,
        form,
        errors,
        conflict,
    };
    Ok((status, Html(view.render()?)).into_response())
}

async fn delete(State(state): State<AppState>, Path(raw): Path<String>) -> Result<Response> {
    let service = store::services::get(&state.db, service_id(&raw)?)
        .await?
        .ok_or(AppError::NotFound)?;
    let message = if store::services::delete(&state.db, service.id).await? {
        format!("Service \"{}\" deleted.", service.name)
    } else {
        format!(
            "Service \"{}\" is named by incidents, so it was kept. Remove it from them first.",
            service.name
        )
    };
    Ok(redirect_with_flash("/services", &message))
}
