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
use crate::app::incidents::{Along, Outcome};
use crate::domain::incident::{Incident, Severity, Status};
use crate::domain::slo::Impact;
use crate::domain::update::NewUpdate;
use crate::error::{AppError, Result};
use crate::i18n::Lang;
use crate::web::auth::CurrentUser;
use crate::web::extract::{Id, IncidentNumber};
use crate::web::layout::{Layout, redirect_with_flash};
use time::OffsetDateTime;

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

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct StatusForm {
    status: String,
    /// "on": publish `update_status` to `update_audience` as the closing update (resolving).
    publish_update: String,
    update_audience: String,
    update_status: String,
    /// "1" when the form asked for the post-mortem decision (closing).
    decide: String,
    /// "start" or "not_needed".
    postmortem: String,
    /// Why no post-mortem is needed.
    reason: String,
}

/// What the person chose about the post-mortem when closing.
enum Decision {
    Start,
    NotNeeded,
}

impl StatusForm {
    /// The closing update and the post-mortem decision, or why they were refused.
    fn along(
        &self,
        to: Status,
        lang: Lang,
    ) -> std::result::Result<(Along, Option<Decision>), String> {
        let mut along = Along::default();
        if to == Status::Resolved && !self.publish_update.is_empty() {
            let now = OffsetDateTime::now_utc();
            let audience = if self.update_audience.is_empty() {
                "internal"
            } else {
                self.update_audience.as_str()
            };
            let update = NewUpdate::parse(audience, &self.update_status, "", None, now).map_err(
                |errors| {
                    let first = errors.iter().next().map(|e| e.message.clone());
                    lang.t_with(
                        "flash-closing-update-refused",
                        &[("why", &first.unwrap_or_default())],
                    )
                },
            )?;
            along.update = Some(update);
        }
        let mut decision = None;
        if to == Status::Closed && !self.decide.is_empty() {
            decision = Some(match self.postmortem.as_str() {
                "start" => Decision::Start,
                "not_needed" => {
                    let reason = self.reason.trim();
                    if reason.is_empty() {
                        return Err(lang.t("flash-not-closed-reason"));
                    }
                    if reason.chars().count() > 2000 {
                        return Err(lang.t("flash-not-closed-too-long"));
                    }
                    along.waiver = Some(reason.to_owned());
                    Decision::NotNeeded
                }
                _ => return Err(lang.t("flash-not-closed-choose")),
            });
        }
        Ok((along, decision))
    }
}

pub(super) async fn change_status(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    Form(form): Form<StatusForm>,
) -> Result<Response> {
    let parsed = form
        .status
        .parse::<Status>()
        .map_err(|_| layout.t1("flash-no-such-status", "value", &form.status))
        .and_then(|to| {
            form.along(to, layout.lang)
                .map(|(along, decision)| (to, along, decision))
        });
    let (to, along, decision) = match parsed {
        Ok(parsed) => parsed,
        Err(problem) => {
            let options = ShowOptions {
                problem: Some(problem),
                ..Default::default()
            };
            return show_again(&state, layout, &user, number, options).await;
        }
    };
    let (ctx, actor) = (state.ctx(), user.actor());
    match app::incidents::change_status_along(&ctx, &actor, number, to, None, &along).await? {
        Outcome::Refused(incident, message) => {
            let message = message.say(layout.lang);
            refused(&state, layout, StatusCode::CONFLICT, *incident, message).await
        }
        Outcome::Done(incident) => {
            let mut message = layout.t2(
                "flash-status-now",
                "incident",
                incident.reference(),
                "status",
                layout.tk("tl-status-", incident.status.as_str()),
            );
            if let Some(update) = &along.update {
                message.push(' ');
                message.push_str(&layout.tk("flash-closing-update-", update.audience.as_str()));
            }
            match decision {
                Some(Decision::Start) => {
                    let started = app::postmortems::start(
                        &ctx,
                        &actor,
                        number,
                        false,
                        app::postmortems::TemplateChoice::Fitting,
                        layout.lang,
                    )
                    .await?;
                    if let app::postmortems::Started::Created(name) = started {
                        message.push(' ');
                        message.push_str(&layout.t1("flash-pm-started-closing", "template", &name));
                    }
                    Ok(redirect_with_flash(
                        &format!("/incidents/{number}/postmortem"),
                        &message,
                    ))
                }
                Some(Decision::NotNeeded) => {
                    message.push(' ');
                    message.push_str(&layout.t("flash-no-pm-reason"));
                    Ok(redirect_with_flash(
                        &format!("/incidents/{number}"),
                        &message,
                    ))
                }
                None => Ok(redirect_with_flash(
                    &format!("/incidents/{number}"),
                    &message,
                )),
            }
        }
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
            problem: Some(layout.t1("flash-no-such-severity", "value", &form.severity)),
            ..Default::default()
        };
        return show_again(&state, layout, &user, number, options).await;
    };
    let message =
        match app::incidents::change_severity(&state.ctx(), &user.actor(), number, severity).await?
        {
            Outcome::Done(incident) => layout.t2(
                "flash-severity-now",
                "incident",
                incident.reference(),
                "severity",
                format!(
                    "{} · {}",
                    incident.severity,
                    layout.severity_word(&incident.severity)
                ),
            ),
            Outcome::Refused(_, message) => message.say(layout.lang),
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
            problem: Some(layout.t1("flash-no-such-impact", "value", &form.impact)),
            ..Default::default()
        };
        return show_again(&state, layout, &user, number, options).await;
    };
    let message =
        match app::incidents::set_impact(&state.ctx(), &user.actor(), number, service, impact)
            .await?
        {
            Outcome::Done(_) => layout.t1(
                "flash-impact-set",
                "impact",
                layout.tk("tl-impact-", impact.as_str()),
            ),
            Outcome::Refused(_, message) => message.say(layout.lang),
            Outcome::Invalid(_) | Outcome::Stale(..) => return Err(AppError::NotFound),
        };
    Ok(redirect_with_flash(
        &format!("/incidents/{number}#budget-h"),
        &message,
    ))
}
