//! Tagging a post-mortem with contributing factors and triggers, and saying how the
//! incident was detected: a form of its own on the post-mortem page, open after publishing.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum_extra::extract::Form;
use serde::Deserialize;

use super::load_existing;
use super::view::{Classifying, Page, render_view};
use crate::AppState;
use crate::app;
use crate::app::taxonomy::Edited;
use crate::domain::taxonomy::classification;
use crate::error::Result;
use crate::web::auth::CurrentUser;
use crate::web::extract::IncidentNumber;
use crate::web::layout::{Layout, redirect_with_flash};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct ClassifyForm {
    /// Factor and trigger ids, one `tag` field each.
    #[serde(rename = "tag")]
    tags: Vec<String>,
    detection: String,
    version: String,
}

pub(super) async fn classify(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    Form(form): Form<ClassifyForm>,
) -> Result<Response> {
    let version = form.version.trim().parse().unwrap_or(0);
    let (errors, conflict) = match classification(&form.tags, &form.detection) {
        Ok(c) => {
            match app::taxonomy::classify(&state.ctx(), &user.actor(), number, version, &c).await? {
                Edited::Saved(_) => {
                    return Ok(redirect_with_flash(
                        &format!("/incidents/{number}/postmortem#classification"),
                        &layout.t("flash-classification-saved"),
                    ));
                }
                Edited::Stale(_) => (Default::default(), true),
                Edited::Invalid(errors) => (errors, false),
            }
        }
        Err(errors) => (errors, false),
    };
    let (incident, pm) = load_existing(&state, &user, number).await?;
    let status = if conflict {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = Page {
        classifying: Some(Classifying {
            chosen: form
                .tags
                .iter()
                .filter_map(|t| t.trim().parse().ok())
                .collect(),
            detection: form.detection.trim().to_owned(),
            errors,
            conflict,
        }),
        ..Page::default()
    };
    render_view(&state, layout, incident, Some(pm), page, status).await
}
