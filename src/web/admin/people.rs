//! `/admin/people`: accounts, roles and deactivation.

use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::Form;
use serde::Deserialize;

use crate::AppState;
use crate::app;
use crate::app::people::PersonChange;
use crate::domain::ids::PersonId;
use crate::domain::person::{Access, NewPerson, Person, Role};
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
        .get("/admin/people", Access::ADMIN, people)
        .post("/admin/people", Access::ADMIN, create_person)
        .post("/admin/people/{id}/role", Access::ADMIN, change_role)
        .post("/admin/people/{id}/unpin", Access::ADMIN, unpin_role)
        .post("/admin/people/{id}/active", Access::ADMIN, change_active)
        .post("/admin/people/{id}/password", Access::ADMIN, reset_password)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct PersonForm {
    email: String,
    display_name: String,
    role: String,
    password: String,
}

#[derive(Template)]
#[template(path = "admin/people.html")]
struct PeoplePage {
    layout: Layout,
    people: Vec<Person>,
    form: PersonForm,
    errors: FieldErrors,
    /// Whether single sign-on's groups set roles, and whose role an admin pinned.
    groups_decide: bool,
    pinned: Vec<PersonId>,
}

impl PeoplePage {
    fn roles(&self) -> &'static [Role] {
        Role::ALL
    }

    fn is_pinned(&self, id: &PersonId) -> bool {
        self.pinned.contains(id)
    }
}

/// Whether single sign-on's groups set roles here.
fn groups_decide(state: &AppState) -> bool {
    state
        .sso
        .as_ref()
        .is_some_and(|s| !s.settings.role_map.is_empty())
}

async fn unpin_role(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    admin: CurrentUser,
    Id(id): Id<PersonId>,
) -> Result<Response> {
    let person = app::people::unpin_role(&state.ctx(), &admin.actor(), id).await?;
    Ok(redirect_with_flash(
        "/admin/people",
        &lang.t1("flash-person-unpinned", "name", &person.display_name),
    ))
}

async fn people(State(state): State<AppState>, layout: Layout) -> Result<Html<String>> {
    let view = PeoplePage {
        layout,
        people: store::people::list(&state.db).await?,
        form: PersonForm {
            role: "responder".into(),
            ..Default::default()
        },
        errors: FieldErrors::new(),
        groups_decide: groups_decide(&state),
        pinned: store::sso::pinned_people(&state.db).await?,
    };
    Ok(Html(view.render()?))
}

async fn create_person(
    State(state): State<AppState>,
    layout: Layout,
    admin: CurrentUser,
    Form(mut form): Form<PersonForm>,
) -> Result<Response> {
    let errors = match NewPerson::parse(&form.email, &form.display_name, &form.role, &form.password)
    {
        Ok(new) => match app::people::create(&state.ctx(), &admin.actor(), &new).await? {
            Ok(person) => {
                return Ok(redirect_with_flash(
                    "/admin/people",
                    &layout.t2(
                        "flash-person-added",
                        "name",
                        &person.display_name,
                        "role",
                        layout.tk("role-", person.role.as_str()).to_lowercase(),
                    ),
                ));
            }
            Err(errors) => errors,
        },
        Err(errors) => errors,
    };
    // The password is never sent back to the browser.
    form.password.clear();
    let view = PeoplePage {
        people: store::people::list(&state.db).await?,
        form,
        errors: errors.in_lang(layout.lang),
        layout,
        groups_decide: groups_decide(&state),
        pinned: store::sso::pinned_people(&state.db).await?,
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(view.render()?)).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RoleForm {
    role: String,
}

async fn change_role(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    admin: CurrentUser,
    Id(id): Id<PersonId>,
    Form(form): Form<RoleForm>,
) -> Result<Response> {
    let Ok(role) = form.role.parse::<Role>() else {
        store::people::get(&state.db, id)
            .await?
            .ok_or(AppError::NotFound)?;
        return Ok(redirect_with_flash(
            "/admin/people",
            &lang.t1("flash-not-a-role", "role", &form.role),
        ));
    };
    let role_word = lang.tk("role-", role.as_str()).to_lowercase();
    let message = match app::people::change_role(&state.ctx(), &admin.actor(), id, role).await? {
        PersonChange::Done(person) => lang.t2(
            "flash-role-now",
            "name",
            &person.display_name,
            "role",
            &role_word,
        ),
        PersonChange::Unchanged(person) => lang.t2(
            "flash-role-already",
            "name",
            &person.display_name,
            "role",
            &role_word,
        ),
        PersonChange::LastAdmin(person) => {
            lang.t1("flash-last-admin-role", "name", &person.display_name)
        }
        PersonChange::Own => lang.t("flash-nothing-changed"),
    };
    Ok(redirect_with_flash("/admin/people", &message))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ActiveForm {
    active: String,
}

async fn change_active(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    admin: CurrentUser,
    Id(id): Id<PersonId>,
    Form(form): Form<ActiveForm>,
) -> Result<Response> {
    let active = form.active == "true";
    let message = match app::people::set_active(&state.ctx(), &admin.actor(), id, active).await? {
        PersonChange::Done(person) if active => {
            lang.t1("flash-person-reactivated", "name", &person.display_name)
        }
        PersonChange::Done(person) => {
            lang.t1("flash-person-deactivated", "name", &person.display_name)
        }
        PersonChange::Unchanged(_) => lang.t("flash-nothing-changed"),
        PersonChange::Own => lang.t("flash-not-yourself"),
        PersonChange::LastAdmin(person) => {
            lang.t1("flash-last-admin", "name", &person.display_name)
        }
    };
    Ok(redirect_with_flash("/admin/people", &message))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ResetForm {
    password: String,
}

/// An admin sets a new password for someone who lost theirs; their sessions end.
async fn reset_password(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    admin: CurrentUser,
    Id(id): Id<PersonId>,
    Form(form): Form<ResetForm>,
) -> Result<Response> {
    let person = store::people::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut errors = FieldErrors::new();
    crate::domain::person::password(&mut errors, "password", &form.password);
    let errors = errors.in_lang(lang);
    if let Some(problem) = errors.get("password") {
        return Ok(redirect_with_flash(
            "/admin/people",
            &lang.t1("flash-password-not-reset", "problem", problem),
        ));
    }
    app::people::set_password(&state.ctx(), &admin.actor(), &person.email, &form.password).await?;
    Ok(redirect_with_flash(
        "/admin/people",
        &lang.t1("flash-password-reset", "name", &person.display_name),
    ))
}
