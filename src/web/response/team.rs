//! Team assignments and hand-offs from the incident page.

use axum::extract::State;
use axum::response::Response;
use axum_extra::extract::Form;
use serde::Deserialize;
use uuid::Uuid;

use super::messages;
use crate::AppState;
use crate::app;
use crate::domain::team::Assign;
use crate::error::Result;
use crate::web::auth::CurrentUser;
use crate::web::extract::{Id, IncidentNumber};
use crate::web::incidents::{ShowOptions, show_again};
use crate::web::layout::{Layout, redirect_with_flash};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AssignForm {
    /// ic, cl, ol, member:cl or member:ol.
    pub role: String,
    pub person: String,
    pub note: String,
}

pub(super) async fn assign(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    Form(form): Form<AssignForm>,
) -> Result<Response> {
    let (role, under) = form.role.split_once(':').unwrap_or((&form.role, ""));
    let result = match Assign::parse(role, under, &form.person, &form.note) {
        Ok(assign) => app::team::assign(&state.ctx(), &user.actor(), number, &assign).await?,
        Err(errors) => Err(errors),
    };
    match result {
        Ok(_) => Ok(redirect_with_flash(
            &format!("/incidents/{number}#team"),
            &layout.t("flash-team-updated"),
        )),
        Err(errors) => {
            let options = ShowOptions {
                problem: Some(messages(&errors)),
                assign: Some(form),
                ..Default::default()
            };
            show_again(&state, layout, &user, number, options).await
        }
    }
}

pub(super) async fn relieve(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    Id(id): Id<Uuid>,
) -> Result<Response> {
    let message = app::team::relieve(&state.ctx(), &user.actor(), number, id).await?;
    Ok(redirect_with_flash(
        &format!("/incidents/{number}#team"),
        &message.say(layout.lang),
    ))
}
