//! Post-mortems: start (pre-filled from the record), write with blameless-language flags,
//! review, publish, reopen, compare revisions; action items; Markdown, JSON and PDF exports.

mod action_items;
mod classify;
mod edit;
pub(crate) mod exports;
pub(crate) mod learn;
mod review;
mod revisions;
pub(crate) mod view;

use crate::AppState;
use crate::app;
use crate::domain::blameless;
use crate::domain::incident::Incident;
use crate::domain::person::Access;
use crate::domain::postmortem::Postmortem;
use crate::error::{AppError, Result};
use crate::store;
use crate::web::auth::CurrentUser;
use crate::web::routes::Routes;
use action_items::{action_items, action_status, add_action};
use classify::classify;
use edit::{edit_form, preview, save, start};
use exports::{export_json, export_markdown, export_pdf, print};
use review::{approve, comment, publish, reopen, resolve_comment, send_for_review};
use revisions::revisions;
use view::view;

pub fn routes() -> Routes {
    Routes::new()
        .get("/incidents/{number}/postmortem", Access::VIEWER, view)
        .post("/incidents/{number}/postmortem", Access::RESPONDER, save)
        .post(
            "/incidents/{number}/postmortem/start",
            Access::RESPONDER,
            start,
        )
        .get(
            "/incidents/{number}/postmortem/edit",
            Access::RESPONDER,
            edit_form,
        )
        .post(
            "/incidents/{number}/postmortem/review",
            Access::RESPONDER,
            send_for_review,
        )
        .post(
            "/incidents/{number}/postmortem/approve",
            Access::VIEWER,
            approve,
        )
        .post(
            "/incidents/{number}/postmortem/comments",
            Access::VIEWER,
            comment,
        )
        .post(
            "/incidents/{number}/postmortem/comments/{id}/resolve",
            Access::RESPONDER,
            resolve_comment,
        )
        .post(
            "/incidents/{number}/postmortem/publish",
            Access::RESPONDER,
            publish,
        )
        .post(
            "/incidents/{number}/postmortem/classification",
            Access::RESPONDER,
            classify,
        )
        .post(
            "/incidents/{number}/postmortem/reopen",
            Access::RESPONDER,
            reopen,
        )
        .get(
            "/incidents/{number}/postmortem/revisions",
            Access::VIEWER,
            revisions,
        )
        .post(
            "/incidents/{number}/postmortem/actions",
            Access::RESPONDER,
            add_action,
        )
        .get(
            "/incidents/{number}/postmortem.md",
            Access::VIEWER,
            export_markdown,
        )
        .get(
            "/incidents/{number}/postmortem.json",
            Access::VIEWER,
            export_json,
        )
        .get(
            "/incidents/{number}/postmortem.pdf",
            Access::VIEWER,
            export_pdf,
        )
        .get(
            "/incidents/{number}/postmortem/print",
            Access::VIEWER,
            print,
        )
        .post("/markdown/preview", Access::RESPONDER, preview)
        .get("/action-items", Access::VIEWER, action_items)
        .get("/postmortems", Access::VIEWER, learn::learn)
        .post(
            "/action-items/{id}/status",
            Access::RESPONDER,
            action_status,
        )
}

/// The incident and its post-mortem, if `user` may see them.
pub(crate) async fn load(
    state: &AppState,
    user: &CurrentUser,
    number: i64,
) -> Result<(Incident, Option<Postmortem>)> {
    let incident = app::incidents::visible(&state.ctx(), &user.actor(), number).await?;
    let pm = store::postmortems::get(&state.db, incident.id).await?;
    Ok((incident, pm))
}

pub(crate) async fn load_existing(
    state: &AppState,
    user: &CurrentUser,
    number: i64,
) -> Result<(Incident, Postmortem)> {
    let (incident, pm) = load(state, user, number).await?;
    Ok((incident, pm.ok_or(AppError::NotFound)?))
}

/// The names the blameless check looks for: everyone who can take part now.
pub(crate) async fn people_names(state: &AppState) -> Result<blameless::People> {
    let names: Vec<String> = state
        .copies
        .active_people(&state.db)
        .await?
        .iter()
        .map(|p| p.display_name.clone())
        .collect();
    Ok(blameless::People::new(&names))
}
