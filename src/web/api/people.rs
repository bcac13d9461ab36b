//! `/api/v1/people` (admins): accounts listed, added, given another role, deactivated and
//! reactivated, with the pages' rules (Murphy always keeps an active admin; nobody
//! deactivates themselves).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ApiJson, json_with};
use crate::AppState;
use crate::app;
use crate::app::people::PersonChange;
use crate::domain::ids::PersonId;
use crate::domain::person::{Access, NewPerson, Person, Role};
use crate::domain::time::rfc3339;
use crate::domain::validation::FieldErrors;
use crate::error::{ApiError, AppError, Problem};
use crate::store;
use crate::web::auth::CurrentUser;
use crate::web::extract::Id;
use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/api/v1/people", Access::ADMIN, list)
        .post("/api/v1/people", Access::ADMIN, create)
        .patch("/api/v1/people/{id}", Access::ADMIN, change)
}

/// An account.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonJson {
    pub id: uuid::Uuid,
    pub email: String,
    pub display_name: String,
    /// viewer, responder or admin.
    pub role: String,
    pub active: bool,
    pub created_at: String,
}

impl From<&Person> for PersonJson {
    fn from(p: &Person) -> Self {
        PersonJson {
            id: p.id.0,
            email: p.email.clone(),
            display_name: p.display_name.clone(),
            role: p.role.as_str().into(),
            active: p.active,
            created_at: rfc3339(p.created_at),
        }
    }
}

/// Everyone with an account: active people first, by name.
#[utoipa::path(get, path = "/api/v1/people", tag = "admin", operation_id = "list_people",
    responses(
        (status = 200, description = "Every account", body = Vec<PersonJson>),
        (status = 403, description = "Only admins", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(State(state): State<AppState>) -> Result<axum::Json<Vec<PersonJson>>, ApiError> {
    let people = store::people::list(&state.db).await?;
    Ok(axum::Json(people.iter().map(Into::into).collect()))
}

/// A new account.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPersonJson {
    pub email: String,
    pub display_name: String,
    /// viewer, responder or admin.
    pub role: String,
    /// At least 12 characters; they can change it, or use "forgot password".
    pub password: String,
}

/// Adds an account.
#[utoipa::path(post, path = "/api/v1/people", tag = "admin", operation_id = "add_person",
    request_body = NewPersonJson,
    responses(
        (status = 201, description = "Added", body = PersonJson,
            links(("change" = (operation_id = "change_person",
                parameters(("id" = "$response.body#/id")),
                description = "Gives the account another role, or deactivates it")))),
        (status = 403, description = "Only admins", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or the email is taken", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<NewPersonJson>,
) -> Result<Response, ApiError> {
    let new = NewPerson::parse(&body.email, &body.display_name, &body.role, &body.password)
        .map_err(AppError::Validation)?;
    let person = app::people::create(&state.ctx(), &user.actor(), &new)
        .await?
        .map_err(AppError::Validation)?;
    Ok(json_with(StatusCode::CREATED, PersonJson::from(&person)))
}

/// A change to an account.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonChangeJson {
    /// viewer, responder or admin. A role set here is kept when they sign in through the
    /// identity provider.
    pub role: Option<String>,
    /// false deactivates (their sessions end at once); true reactivates.
    pub active: Option<bool>,
}

/// Gives an account another role, or deactivates or reactivates it.
#[utoipa::path(patch, path = "/api/v1/people/{id}", tag = "admin", operation_id = "change_person",
    request_body = PersonChangeJson,
    params(("id" = String, Path, description = "The account's id")),
    responses(
        (status = 200, description = "The account now", body = PersonJson),
        (status = 403, description = "Only admins", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "It would leave Murphy without an active admin, or deactivate yourself", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a role", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn change(
    State(state): State<AppState>,
    user: CurrentUser,
    Id(id): Id<PersonId>,
    ApiJson(body): ApiJson<PersonChangeJson>,
) -> Result<axum::Json<PersonJson>, ApiError> {
    let role = match body.role.as_deref() {
        None => None,
        Some(r) => Some(r.parse::<Role>().map_err(|_| {
            AppError::Validation(FieldErrors::one(
                "role",
                "Choose viewer, responder or admin.",
            ))
        })?),
    };
    let ctx = state.ctx();
    let refused = |change: PersonChange| -> Result<(), ApiError> {
        let message = match change {
            PersonChange::Done(_) | PersonChange::Unchanged(_) => return Ok(()),
            PersonChange::LastAdmin(p) => format!(
                "{} is the last active admin: make someone else an admin first.",
                p.display_name
            ),
            PersonChange::Own => "You cannot deactivate your own account.".to_owned(),
        };
        Err(AppError::Refused(StatusCode::CONFLICT, message).into())
    };
    if let Some(role) = role {
        refused(app::people::change_role(&ctx, &user.actor(), id, role).await?)?;
    }
    if let Some(active) = body.active {
        refused(app::people::set_active(&ctx, &user.actor(), id, active).await?)?;
    }
    let person = store::people::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(axum::Json(PersonJson::from(&person)))
}
