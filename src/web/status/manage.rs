//! The signed-in side of the status page: what each public component shows now, a state set
//! by hand (responders), and which services the page shows and how (admins).

use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::Form;
use serde::Deserialize;

use crate::AppState;
use crate::app;
use crate::app::status::Saved;
use crate::domain::ids::ServiceId;
use crate::domain::person::{Access, Role};
use crate::domain::service::Service;
use crate::domain::status::{ComponentFields, ComponentState};
use crate::domain::validation::FieldErrors;
use crate::error::{AppError, Result};
use crate::i18n::Lang;
use crate::store;
use crate::web::auth::CurrentUser;
use crate::web::extract::Id;
use crate::web::layout::{Layout, redirect_with_flash};
use crate::web::routes::Routes;

use super::ComponentView;

pub fn routes() -> Routes {
    Routes::new()
        .get("/status-page", Access::VIEWER, show)
        .get(
            "/status-page/components/{id}",
            Access::ADMIN,
            component_form,
        )
        .post("/status-page/components/{id}", Access::ADMIN, save)
        .post("/status-page/components/{id}/remove", Access::ADMIN, remove)
        .post(
            "/status-page/components/{id}/state",
            Access::RESPONDER,
            set_state,
        )
}

#[derive(Template)]
#[template(path = "status/manage.html")]
struct ManagePage {
    layout: Layout,
    components: Vec<ComponentView>,
    /// Services the page does not show (for admins to add).
    others: Vec<Service>,
    may_set: bool,
    is_admin: bool,
}

impl ManagePage {
    fn states(&self) -> [ComponentState; 5] {
        ComponentState::ALL
    }
}

async fn show(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
) -> Result<Html<String>> {
    let snapshot = state.copies.status.snapshot(&state.db).await?;
    let services = store::services::list(&state.db, user.visibility()).await?;
    let others = services
        .into_iter()
        .filter(|s| {
            !snapshot
                .components
                .iter()
                .any(|c| c.component.service_id == s.id)
        })
        .collect();
    let page = ManagePage {
        components: snapshot.components.clone(),
        others,
        may_set: user.person.role >= Role::Responder,
        is_admin: user.person.role == Role::Admin,
        layout,
    };
    Ok(Html(page.render()?))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ComponentForm {
    public_name: String,
    description: String,
    group: String,
    position: String,
    /// The version the form was loaded at; empty when the service is not shown yet.
    version: String,
}

#[derive(Template)]
#[template(path = "status/component.html")]
struct ComponentPage {
    layout: Layout,
    service: Service,
    form: ComponentForm,
    errors: FieldErrors,
    shown: bool,
    conflict: bool,
}

async fn component_form(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Id(id): Id<ServiceId>,
) -> Result<Html<String>> {
    let service = store::services::get(&state.db, id, user.visibility())
        .await?
        .ok_or(AppError::NotFound)?;
    let current = store::status::components(&state.db)
        .await?
        .into_iter()
        .find(|c| c.service_id == id);
    let form = match &current {
        Some(c) => ComponentForm {
            public_name: c.public_name.clone(),
            description: c.description.clone(),
            group: c.group.clone(),
            position: c.position.to_string(),
            version: c.version.to_string(),
        },
        None => ComponentForm {
            public_name: service.name.clone(),
            description: service.description.chars().take(500).collect(),
            ..ComponentForm::default()
        },
    };
    let page = ComponentPage {
        layout,
        shown: current.is_some(),
        service,
        form,
        errors: FieldErrors::new(),
        conflict: false,
    };
    Ok(Html(page.render()?))
}

async fn save(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Id(id): Id<ServiceId>,
    Form(mut form): Form<ComponentForm>,
) -> Result<Response> {
    let expected = match form.version.trim() {
        "" => None,
        v => Some(
            v.parse::<i32>()
                .map_err(|_| AppError::BadRequest("The form's version is not a number.".into()))?,
        ),
    };
    let parsed = ComponentFields::parse(
        &form.public_name,
        &form.description,
        &form.group,
        &form.position,
    );
    let (errors, conflict) = match parsed {
        Ok(fields) => {
            match app::status::save_component(&state.ctx(), &user.actor(), id, &fields, expected)
                .await?
            {
                Saved::Done => {
                    return Ok(redirect_with_flash(
                        "/status-page",
                        &format!("\"{}\" is shown on the status page.", fields.public_name),
                    ));
                }
                Saved::Stale => (FieldErrors::new(), true),
            }
        }
        Err(errors) => (errors, false),
    };
    let service = store::services::get(&state.db, id, user.visibility())
        .await?
        .ok_or(AppError::NotFound)?;
    let current = store::status::components(&state.db)
        .await?
        .into_iter()
        .find(|c| c.service_id == id);
    let status = if conflict {
        form.version = current
            .as_ref()
            .map(|c| c.version.to_string())
            .unwrap_or_default();
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = ComponentPage {
        shown: current.is_some(),
        service,
        form,
        errors: errors.in_lang(layout.lang),
        layout,
        conflict,
    };
    Ok((status, Html(page.render()?)).into_response())
}

async fn remove(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Id(id): Id<ServiceId>,
) -> Result<Response> {
    app::status::remove_component(&state.ctx(), &user.actor(), id).await?;
    Ok(redirect_with_flash(
        "/status-page",
        &lang.t("flash-component-removed"),
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct StateForm {
    /// A state, or empty to follow the incidents.
    state: String,
}

async fn set_state(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Id(id): Id<ServiceId>,
    Form(form): Form<StateForm>,
) -> Result<Response> {
    let chosen = match form.state.trim() {
        "" => None,
        s => Some(
            ComponentState::parse(s)
                .ok_or_else(|| AppError::BadRequest(lang.t1("flash-not-a-state", "state", s)))?,
        ),
    };
    app::status::set_state(&state.ctx(), &user.actor(), id, chosen).await?;
    let message = match chosen {
        Some(s) => lang.t1(
            "flash-component-set",
            "state",
            lang.tk("st-state-", s.as_str()).to_lowercase(),
        ),
        None => lang.t("flash-component-follows"),
    };
    Ok(redirect_with_flash("/status-page", &message))
}
