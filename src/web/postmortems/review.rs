//! The review: sending for review, comments, approval, publishing and reopening.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum_extra::extract::Form;
use serde::Deserialize;

use super::load_existing;
use super::view::{Page, has_flags, render_view};
use crate::AppState;
use crate::app;
use crate::app::postmortems::Approval;
use crate::error::Result;
use crate::web::auth::CurrentUser;
use crate::web::extract::IncidentNumber;
use crate::web::layout::{Layout, redirect_with_flash};

/// The post-mortem page again, saying why a step was refused.
async fn refused(
    state: &AppState,
    layout: Layout,
    user: &CurrentUser,
    number: i64,
    problem: String,
    status: StatusCode,
) -> Result<Response> {
    let (incident, pm) = load_existing(state, user, number).await?;
    render_view(
        state,
        layout,
        incident,
        Some(pm),
        Page {
            problem: Some(problem),
            ..Page::default()
        },
        status,
    )
    .await
}

pub(super) async fn send_for_review(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    Form(form): Form<ReviewForm>,
) -> Result<Response> {
    let sent =
        app::postmortems::request_review(&state.ctx(), &user.actor(), number, &form.reviewers)
            .await?;
    if let Err(problem) = sent {
        let problem = problem.say(layout.lang);
        return refused(
            &state,
            layout,
            &user,
            number,
            problem,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    Ok(redirect_with_flash(
        &format!("/incidents/{number}/postmortem"),
        &layout.t("flash-pm-sent"),
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct ReviewForm {
    reviewers: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct ApproveForm {
    /// The revision the reviewer was shown.
    revision: String,
    /// "1": approve even though the reviewer's own comments are still open.
    confirm: String,
}

pub(super) async fn approve(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    Form(form): Form<ApproveForm>,
) -> Result<Response> {
    let to = format!("/incidents/{number}/postmortem");
    let read = form.revision.trim().parse().ok();
    let despite = form.confirm == "1";
    let (ctx, actor) = (state.ctx(), user.actor());
    let approval = app::postmortems::approve(&ctx, &actor, number, read, despite).await?;
    let message = match approval {
        Approval::Approved => layout.t("flash-pm-approved"),
        Approval::OpenComments(open) => {
            let to = format!("/incidents/{number}/postmortem?confirm=approve#confirm-approve");
            let message = layout.t1("flash-pm-comments-open", "count", open);
            return Ok(redirect_with_flash(&to, &message));
        }
        Approval::NotInReview => layout.t("flash-pm-not-in-review"),
        Approval::Changed { revision } => layout.t1("flash-pm-changed-since", "revision", revision),
    };
    Ok(redirect_with_flash(&to, &message))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct CommentForm {
    section: String,
    body: String,
}

pub(super) async fn comment(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    Form(form): Form<CommentForm>,
) -> Result<Response> {
    let added = app::postmortems::comment(
        &state.ctx(),
        &user.actor(),
        number,
        &form.section,
        &form.body,
    )
    .await?;
    match added {
        Ok(comment) => Ok(redirect_with_flash(
            &format!("/incidents/{number}/postmortem#section-{}", comment.section),
            &layout.t1("flash-pm-comment-added", "section", &comment.title),
        )),
        Err(problem) => {
            refused(
                &state,
                layout,
                &user,
                number,
                problem,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct PublishForm {
    /// "1" once the person has seen the open blameless flags and publishes anyway.
    confirm: String,
}

pub(super) async fn publish(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    Form(form): Form<PublishForm>,
) -> Result<Response> {
    if form.confirm != "1" {
        let (_, pm) = load_existing(&state, &user, number).await?;
        if has_flags(&state, &pm).await? {
            let to = format!("/incidents/{number}/postmortem?confirm=publish#confirm-publish");
            return Ok(redirect_with_flash(&to, &layout.t("flash-pm-flags-first")));
        }
    }
    if let Err(problem) = app::postmortems::publish(&state.ctx(), &user.actor(), number).await? {
        let problem = problem.say(layout.lang);
        return refused(&state, layout, &user, number, problem, StatusCode::CONFLICT).await;
    }
    Ok(redirect_with_flash(
        &format!("/incidents/{number}/postmortem"),
        &layout.t("flash-pm-published"),
    ))
}

pub(super) async fn reopen(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
) -> Result<Response> {
    let to = format!("/incidents/{number}/postmortem/edit");
    let message = if app::postmortems::reopen(&state.ctx(), &user.actor(), number).await? {
        layout.t("flash-pm-reopened")
    } else {
        layout.t("flash-pm-not-published")
    };
    Ok(redirect_with_flash(&to, &message))
}

/// Marks a review comment answered.
pub(super) async fn resolve_comment(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    crate::web::extract::Id(id): crate::web::extract::Id<uuid::Uuid>,
) -> Result<Response> {
    let done = app::postmortems::resolve_comment(&state.ctx(), &user.actor(), number, id).await?;
    let message = if done {
        layout.t("flash-pm-comment-resolved")
    } else {
        layout.t("flash-pm-comment-resolved-already")
    };
    Ok(redirect_with_flash(
        &format!("/incidents/{number}/postmortem"),
        &message,
    ))
}
