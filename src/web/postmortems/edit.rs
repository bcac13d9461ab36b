//! Starting a post-mortem (pre-filled from the record) and writing it: the editor, saving
//! with the revision read, and the live preview.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::Form;
use serde::Deserialize;

use super::view::SectionView;
use super::{load_existing, people_names};
use crate::AppState;
use crate::app;
use crate::app::postmortems::{Saved, Started};
use crate::domain::blameless::{self};
use crate::domain::incident::Incident;
use crate::domain::postmortem::{SECTIONS, Section, Sections, State as PmState, check_lengths};
use crate::error::{AppError, Result};
use crate::markdown;
use crate::web::auth::CurrentUser;
use crate::web::extract::IncidentNumber;
use crate::web::layout::{Layout, redirect_with_flash};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct StartForm {
    /// "on" to copy every timeline entry, not only the key events.
    all_entries: String,
}

pub(super) async fn start(
    State(state): State<AppState>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    Form(form): Form<StartForm>,
) -> Result<Response> {
    let all = !form.all_entries.is_empty();
    let to = format!("/incidents/{number}/postmortem/edit");
    let message = match app::postmortems::start(&state.ctx(), &user.actor(), number, all).await? {
        Started::Created => "Post-mortem started from the incident's record. Fill in the rest.",
        Started::Existed => "This incident already has a post-mortem.",
    };
    Ok(redirect_with_flash(&to, message))
}

#[derive(Template)]
#[template(path = "postmortems/edit.html")]
struct EditPage {
    layout: Layout,
    incident: Incident,
    revision: i32,
    sections: Vec<SectionView>,
    no_actions_reason: String,
    /// After a stale save: the sections as someone else saved them.
    theirs: Option<Sections>,
}

impl EditPage {
    fn theirs_text(&self, key: &str) -> Option<String> {
        let theirs = self.theirs.as_ref()?;
        let mine = self.sections.iter().find(|s| s.spec.key == key)?;
        let t = theirs.get(key).cloned().unwrap_or_default();
        (t != mine.section).then(|| {
            if t.na {
                "(not applicable)".into()
            } else {
                t.text
            }
        })
    }
}

pub(super) async fn editor(
    state: &AppState,
    layout: Layout,
    incident: Incident,
    revision: i32,
    sections: &Sections,
    no_actions_reason: String,
    theirs: Option<Sections>,
) -> Result<String> {
    let names = people_names(state).await?;
    let views = SECTIONS
        .iter()
        .map(|spec| {
            let section = sections.get(spec.key).cloned().unwrap_or_default();
            SectionView {
                spec,
                html: String::new(),
                flags: blameless::check(&section.text, &names),
                section,
                comments: Vec::new(),
            }
        })
        .collect();
    let view = EditPage {
        layout,
        incident,
        revision,
        sections: views,
        no_actions_reason,
        theirs,
    };
    Ok(view.render()?)
}

pub(super) async fn edit_form(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
) -> Result<Response> {
    let (incident, pm) = load_existing(&state, &user, number).await?;
    if pm.state == PmState::Published {
        return Ok(redirect_with_flash(
            &format!("/incidents/{}/postmortem", incident.number),
            "The post-mortem is published and read-only; reopen it to start a new revision.",
        ));
    }
    let html = editor(
        &state,
        layout,
        incident,
        pm.revision,
        &pm.sections,
        pm.no_actions_reason,
        None,
    )
    .await?;
    Ok(Html(html).into_response())
}

/// Reads `s_<key>`, `na_<key>`, `no_actions_reason` and `revision` from the posted form.
fn sections_from_form(pairs: &[(String, String)]) -> (Sections, String, i32) {
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let sections = SECTIONS
        .iter()
        .map(|spec| {
            let section = Section {
                text: value(&format!("s_{}", spec.key))
                    .unwrap_or("")
                    .replace("\r\n", "\n"),
                na: value(&format!("na_{}", spec.key)).is_some(),
            };
            (spec.key.to_owned(), section)
        })
        .collect();
    let reason = value("no_actions_reason").unwrap_or("").trim().to_owned();
    let revision = value("revision")
        .and_then(|r| r.trim().parse().ok())
        .unwrap_or(0);
    (sections, reason, revision)
}

pub(super) async fn save(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> Result<Response> {
    let (incident, _) = load_existing(&state, &user, number).await?;
    let (sections, reason, revision) = sections_from_form(&pairs);
    if let Err(problem) = check_lengths(&sections, &reason) {
        return Err(AppError::BadRequest(problem));
    }
    let saved = app::postmortems::save(
        &state.ctx(),
        &user.actor(),
        incident.number,
        revision,
        &sections,
        &reason,
    )
    .await?;
    match saved {
        Saved::Saved(new_revision) => Ok(redirect_with_flash(
            &format!("/incidents/{}/postmortem", incident.number),
            &format!("Post-mortem saved as revision {new_revision}."),
        )),
        Saved::Published => Ok(redirect_with_flash(
            &format!("/incidents/{}/postmortem", incident.number),
            "The post-mortem is published and read-only; reopen it to start a new revision.",
        )),
        Saved::Stale(current) => {
            let html = editor(
                &state,
                layout,
                incident,
                current.revision,
                &sections,
                reason,
                Some(current.sections),
            )
            .await?;
            Ok((StatusCode::CONFLICT, Html(html)).into_response())
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct PreviewForm {
    text: String,
}

/// The editor's live preview: sanitised HTML and the blameless-language flags for `text`.
pub(super) async fn preview(
    State(state): State<AppState>,
    Form(form): Form<PreviewForm>,
) -> Result<axum::Json<serde_json::Value>> {
    if form.text.chars().count() > 100_000 {
        return Err(AppError::BadRequest(
            "The text is longer than 100,000 characters.".into(),
        ));
    }
    let names = people_names(&state).await?;
    let flags: Vec<serde_json::Value> = blameless::check(&form.text, &names)
        .into_iter()
        .map(|f| serde_json::json!({"phrase": f.phrase, "sentence": f.sentence, "suggestion": f.suggestion}))
        .collect();
    Ok(axum::Json(serde_json::json!({
        "html": markdown::render(&form.text),
        "flags": flags,
    })))
}
