//! The incident page's actions: status, severity and impact, each answered with a redirect
//! and a flash message, or the page again saying why it was refused.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum_extra::extract::Form;

use serde::Deserialize;

use super::show::{ShowOptions, render_show, show_again};
use crate::AppState;
use crate::app;
use crate::app::incidents::Outcome;
use crate::domain::incident::{Incident, Severity, Status};
use crate::domain::slo::Impact;
use crate::error::{AppError, Result};
use crate::web::auth::CurrentUser;
use crate::web::extract::{Id, IncidentNumber};
use crate::web::layout::{Layout, redirect_with_flash};

use crate::domain::ids::ServiceId;

/// The incident page again, with why an action was refused.
async fn refused(
    state: &AppState,
    layout: Layout,
    status: StatusCode,
    incident: Incident,
    message: String,
) -> Result<Response> {
    let options = ShowOptions {
        problem: Some(message),
        ..Default::default()
    };
    render_show(state, layout, incident, options, status).await
}

#[derive(Deserialize)]
pub(super) struct StatusForm {
    #[serde(default)]
    status: String,
}

pub(super) async fn change_status(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    Form(form): Form<StatusForm>,
) -> Result<Response> {
    let Ok(to) = form.status.parse::<Status>() else {
        let options = ShowOptions {
            problem: Some(format!("\"{}\" is not a status.", form.status)),
            ..Default::default()
        };
        return show_again(&state, layout, &user, number, options).await;
    };
    match app::incidents::change_status(&state.ctx(), &user.actor(), number, to, None).await? {
        Outcome::Refused(incident, message) => {
            refused(&state, layout, StatusCode::CONFLICT, *incident, message).await
        }
        Outcome::Done(incident) => Ok(redirect_with_flash(
            &format!("/incidents/{number}"),
            &format!(
                "{} is now {}.",
                incident.reference(),
                incident.status.label().to_lowercase()
            ),
        )),
        Outcome::Invalid(_) | Outcome::Stale(..) => Err(AppError::NotFound),
    }
}

#[derive(Deserialize)]
pub(super) struct SeverityForm {
    #[serde(default)]
    severity: String,
}

pub(super) async fn change_severity(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    Form(form): Form<SeverityForm>,
) -> Result<Response> {
    let Ok(severity) = form.severity.parse::<Severity>() else {
        let options = ShowOptions {
            problem: Some(format!("\"{}\" is not a severity.", form.severity)),
            ..Default::default()
        };
        return show_again(&state, layout, &user, number, options).await;
    };
    let message =
        match app::incidents::change_severity(&state.ctx(), &user.actor(), number, severity).await?
        {
            Outcome::Done(incident) => format!(
                "{} is now {}.",
                incident.reference(),
                incident.severity.label()
            ),
            Outcome::Refused(_, message) => message,
            Outcome::Invalid(_) | Outcome::Stale(..) => return Err(AppError::NotFound),
        };
    Ok(redirect_with_flash(
        &format!("/incidents/{number}"),
        &message,
    ))
}

#[derive(Deserialize)]
pub(super) struct ImpactForm {
    #[serde(default)]
    impact: String,
}

pub(super) async fn change_impact(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    Id(service): Id<ServiceId>,
    Form(form): Form<ImpactForm>,
) -> Result<Response> {
    let Some(impact) = Impact::parse(form.impact.trim()) else {
        let options = ShowOptions {
            problem: Some(format!("\"{}\" is not full or partial.", form.impact)),
            ..Default::default()
        };
        return show_again(&state, layout, &user, number, options).await;
    };
    let message =
        match app::incidents::set_impact(&state.ctx(), &user.actor(), number, service, impact)
            .await?
        {
            Outcome::Done(_) => format!("Impact set to {}.", impact.label().to_lowercase()),
            Outcome::Refused(_, message) => message,
            Outcome::Invalid(_) | Outcome::Stale(..) => return Err(AppError::NotFound),
        };
    Ok(redirect_with_flash(
        &format!("/incidents/{number}#budget-h"),
        &message,
    ))
}
