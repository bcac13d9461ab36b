//! `/admin/postmortem-rules`: when a post-mortem is required, and how soon it is due.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::Form;
use serde::Deserialize;

use crate::AppState;
use crate::app;
use crate::app::postmortem_rules::Saved;
use crate::domain::incident::Severity;
use crate::domain::person::Access;
use crate::domain::postmortem::policy::Policy;
use crate::domain::validation::FieldErrors;
use crate::error::Result;
use crate::web::auth::CurrentUser;
use crate::web::layout::{Layout, redirect_with_flash};
use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/admin/postmortem-rules", Access::ADMIN, show)
        .post("/admin/postmortem-rules", Access::ADMIN, save)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RulesForm {
    #[serde(rename = "severity")]
    severities: Vec<String>,
    impact_minutes: String,
    data_loss: String,
    from_alert: String,
    resolution_hours: String,
    detected_by_person: String,
    due_days: String,
    version: String,
}

impl RulesForm {
    fn of(p: &Policy) -> RulesForm {
        let on = |b: bool| if b { "on".to_owned() } else { String::new() };
        let number = |n: Option<i32>| n.map(|n| n.to_string()).unwrap_or_default();
        RulesForm {
            severities: p.severities.iter().map(|s| s.as_str().to_owned()).collect(),
            impact_minutes: number(p.impact_minutes),
            data_loss: on(p.data_loss),
            from_alert: on(p.from_alert),
            resolution_hours: number(p.resolution_hours),
            detected_by_person: on(p.detected_by_person),
            due_days: p.due_days.to_string(),
            version: p.version.to_string(),
        }
    }

    fn parse(&self) -> std::result::Result<Policy, FieldErrors> {
        Policy::parse(
            &self.severities,
            &self.impact_minutes,
            !self.data_loss.is_empty(),
            !self.from_alert.is_empty(),
            &self.resolution_hours,
            !self.detected_by_person.is_empty(),
            &self.due_days,
            self.version.trim().parse().unwrap_or(0),
        )
    }
}

#[derive(Template)]
#[template(path = "admin/postmortem_rules.html")]
struct RulesPage {
    layout: Layout,
    form: RulesForm,
    errors: FieldErrors,
    /// The rules as saved, in words.
    summary: Vec<String>,
    conflict: bool,
}

impl RulesPage {
    fn severities(&self) -> &'static [Severity] {
        Severity::ALL
    }

    fn ticked(&self, s: &Severity) -> bool {
        self.form.severities.iter().any(|x| x == s.as_str())
    }
}

async fn page(
    state: &AppState,
    layout: Layout,
    form: RulesForm,
    errors: FieldErrors,
    conflict: bool,
) -> Result<String> {
    let saved = crate::store::postmortem_policy::get(&state.db).await?;
    Ok(RulesPage {
        summary: saved.summary_in(layout.lang),
        form,
        errors: errors.in_lang(layout.lang),
        layout,
        conflict,
    }
    .render()?)
}

async fn show(State(state): State<AppState>, layout: Layout) -> Result<Html<String>> {
    let policy = crate::store::postmortem_policy::get(&state.db).await?;
    let html = page(
        &state,
        layout,
        RulesForm::of(&policy),
        FieldErrors::new(),
        false,
    )
    .await?;
    Ok(Html(html))
}

async fn save(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Form(mut form): Form<RulesForm>,
) -> Result<Response> {
    let policy = match form.parse() {
        Ok(p) => p,
        Err(errors) => {
            let html = page(&state, layout, form, errors, false).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response());
        }
    };
    match app::postmortem_rules::save(&state.ctx(), &user.actor(), &policy).await? {
        Saved::Saved(_) => Ok(redirect_with_flash(
            "/admin/postmortem-rules",
            &layout.t("flash-rules-saved"),
        )),
        Saved::Stale(current) => {
            form.version = current.version.to_string();
            let html = page(&state, layout, form, FieldErrors::new(), true).await?;
            Ok((StatusCode::CONFLICT, Html(html)).into_response())
        }
    }
}
