//! The incident's tasks: adding one, ticking one off.

use axum::extract::State;
use axum::response::Response;
use axum_extra::extract::Form;
use serde::Deserialize;
use uuid::Uuid;

use crate::AppState;
use crate::app;
use crate::error::Result;
use crate::web::auth::CurrentUser;
use crate::web::extract::{Id, IncidentNumber};
use crate::web::incidents::{ShowOptions, show_again};
use crate::web::layout::{Layout, redirect_with_flash};

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct TaskForm {
    pub task: String,
    pub assignee: String,
    /// "true" or "false", for ticking off.
    pub done: String,
}

pub(super) async fn add_task(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    Form(form): Form<TaskForm>,
) -> Result<Response> {
    match app::tasks::add_task(
        &state.ctx(),
        &user.actor(),
        number,
        &form.task,
        &form.assignee,
    )
    .await?
    {
        Ok(_) => Ok(redirect_with_flash(
            &format!("/incidents/{number}#tasks"),
            &layout.t("flash-task-added"),
        )),
        Err(errors) => {
            let options = ShowOptions {
                task: Some((form, errors)),
                ..Default::default()
            };
            show_again(&state, layout, &user, number, options).await
        }
    }
}

pub(super) async fn task_done(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    Id(id): Id<Uuid>,
    Form(form): Form<TaskForm>,
) -> Result<Response> {
    let done = form.done == "true";
    let message = app::tasks::set_task_done(&state.ctx(), &user.actor(), number, id, done).await?;
    Ok(redirect_with_flash(
        &format!("/incidents/{number}#tasks"),
        &message.say(layout.lang),
    ))
}
