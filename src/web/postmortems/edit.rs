//! Starting a post-mortem (pre-filled from the record) and writing it: the editor, saving
//! with the revision read, and the live preview.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::Form;
use serde::Deserialize;

use super::view::{QuestionView, SectionView};
use super::{load_existing, people_names};
use crate::AppState;
use crate::app;
use crate::app::postmortems::{Saved, Started, TemplateChoice};
use crate::domain::blameless::{self};
use crate::domain::incident::Incident;
use crate::domain::postmortem::{
    Section, Sections, State as PmState, Template as PmTemplate, check_lengths,
};
use crate::error::{AppError, Result};
use crate::i18n::Lang;
use crate::markdown;
use crate::web::auth::CurrentUser;
use crate::web::extract::IncidentNumber;
use crate::web::layout::{Layout, redirect_with_flash};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct StartForm {
    /// "on" to copy every timeline entry, not only the key events.
    all_entries: String,
    /// "" for the template that fits the incident, "sre", or a template's id.
    template: String,
    /// The language it is written in: "en", "pt-BR", or "" for the page's.
    language: String,
}

pub(super) async fn start(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    Form(form): Form<StartForm>,
) -> Result<Response> {
    let all = !form.all_entries.is_empty();
    let to = format!("/incidents/{number}/postmortem/edit");
    let choice = TemplateChoice::parse(&form.template)
        .ok_or_else(|| AppError::BadRequest(layout.t("pm-start-no-template")))?;
    let language = match form.language.as_str() {
        "" => layout.lang,
        tag => tag
            .parse()
            .map_err(|_| AppError::BadRequest(layout.t("pm-start-no-language")))?,
    };
    let started =
        app::postmortems::start(&state.ctx(), &user.actor(), number, all, choice, language).await?;
    let message = match started {
        Started::Created(name) => layout.t1("pm-started", "template", &name),
        Started::Existed => layout.t("pm-start-existed"),
        Started::NoSuchTemplate => {
            return Err(AppError::BadRequest(layout.t("pm-start-template-gone")));
        }
    };
    Ok(redirect_with_flash(&to, &message))
}

#[derive(Template)]
#[template(path = "postmortems/edit.html")]
struct EditPage {
    layout: Layout,
    incident: Incident,
    revision: i32,
    template: PmTemplate,
    sections: Vec<SectionView>,
    questions: Vec<QuestionView>,
    no_actions_reason: String,
    /// After a stale save: the sections as someone else saved them.
    theirs: Option<Sections>,
    /// Why the text as posted was refused.
    problem: Option<String>,
    /// The post-mortem's language, for the live blameless check.
    language: Lang,
}

impl EditPage {
    /// How many questions have an answer.
    fn answered(&self) -> usize {
        self.questions
            .iter()
            .filter(|q| !q.answer.is_empty())
            .count()
    }

    fn theirs_text(&self, key: &str) -> Option<String> {
        let theirs = self.theirs.as_ref()?;
        let mine = self
            .sections
            .iter()
            .find(|s| s.spec.key == key)
            .map(|s| s.section.clone())
            .or_else(|| {
                self.questions
                    .iter()
                    .find(|q| q.question.key == key)
                    .map(|q| Section {
                        text: q.answer.clone(),
                        na: false,
                    })
            })?;
        let t = theirs.get(key).cloned().unwrap_or_default();
        (t != mine).then(|| {
            if t.na {
                "(not applicable)".into()
            } else {
                t.text
            }
        })
    }
}

/// What the editor shows: the text as saved or as typed, and their text after a stale save.
pub(super) struct Draft {
    pub(super) revision: i32,
    pub(super) sections: Sections,
    pub(super) no_actions_reason: String,
    pub(super) theirs: Option<Sections>,
    pub(super) problem: Option<String>,
    /// The language the post-mortem is written in: the blameless check's rules.
    pub(super) language: Lang,
}

pub(super) async fn editor(
    state: &AppState,
    layout: Layout,
    incident: Incident,
    template: PmTemplate,
    draft: Draft,
) -> Result<String> {
    let names = people_names(state).await?;
    let sections = &draft.sections;
    let views = template
        .sections
        .iter()
        .map(|spec| {
            let section = sections.get(&spec.key).cloned().unwrap_or_default();
            SectionView {
                spec: spec.clone(),
                html: String::new(),
                flags: blameless::check(&section.text, &names, draft.language),
                section,
                comments: Vec::new(),
            }
        })
        .collect();
    let questions = QuestionView::all(&template, sections, |text| {
        blameless::check(text, &names, draft.language)
    });
    let view = EditPage {
        layout,
        incident,
        revision: draft.revision,
        template,
        sections: views,
        questions,
        no_actions_reason: draft.no_actions_reason,
        theirs: draft.theirs,
        problem: draft.problem,
        language: draft.language,
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
            &layout.t("pm-read-only"),
        ));
    }
    let draft = Draft {
        revision: pm.revision,
        sections: pm.sections,
        no_actions_reason: pm.no_actions_reason,
        theirs: None,
        problem: None,
        language: pm.language,
    };
    let html = editor(&state, layout, incident, pm.template, draft).await?;
    Ok(Html(html).into_response())
}

/// Reads `s_<key>` and `na_<key>` for the template's sections, `s_<key>` for its questions,
/// `no_actions_reason` and `revision` from the posted form.
fn sections_from_form(
    template: &PmTemplate,
    pairs: &[(String, String)],
) -> (Sections, String, i32) {
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let text = |key: &str| {
        value(&format!("s_{key}"))
            .unwrap_or("")
            .replace("\r\n", "\n")
    };
    let mut sections: Sections = template
        .sections
        .iter()
        .map(|spec| {
            let section = Section {
                text: text(&spec.key),
                na: value(&format!("na_{}", spec.key)).is_some(),
            };
            (spec.key.clone(), section)
        })
        .collect();
    for q in &template.questions {
        let answer = Section {
            text: text(&q.key).trim().to_owned(),
            na: false,
        };
        sections.insert(q.key.clone(), answer);
    }
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
    let (incident, pm) = load_existing(&state, &user, number).await?;
    let (sections, reason, revision) = sections_from_form(&pm.template, &pairs);
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
            &layout.t1("pm-saved", "revision", new_revision),
        )),
        Saved::Published => Ok(redirect_with_flash(
            &format!("/incidents/{}/postmortem", incident.number),
            &layout.t("pm-read-only"),
        )),
        Saved::Stale(current) => {
            let draft = Draft {
                revision: current.revision,
                sections,
                no_actions_reason: reason,
                theirs: Some(current.sections),
                problem: None,
                language: current.language,
            };
            let html = editor(&state, layout, incident, current.template, draft).await?;
            Ok((StatusCode::CONFLICT, Html(html)).into_response())
        }
        Saved::Invalid(why) => {
            let draft = Draft {
                revision,
                sections,
                no_actions_reason: reason,
                theirs: None,
                problem: Some(why),
                language: pm.language,
            };
            let html = editor(&state, layout, incident, pm.template, draft).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct PreviewForm {
    text: String,
    /// The post-mortem's language: whose blameless rules apply ("en" when left out).
    language: String,
}

/// The editor's live preview: sanitised HTML and the blameless-language flags for `text`.
pub(super) async fn preview(
    State(state): State<AppState>,
    layout: Layout,
    Form(form): Form<PreviewForm>,
) -> Result<axum::Json<serde_json::Value>> {
    if form.text.chars().count() > 100_000 {
        return Err(AppError::BadRequest(layout.t("pm-preview-too-long")));
    }
    let language = form.language.parse().unwrap_or_default();
    let names = people_names(&state).await?;
    let flags: Vec<serde_json::Value> = blameless::check(&form.text, &names, language)
        .into_iter()
        .map(|f| serde_json::json!({"phrase": f.phrase, "sentence": f.sentence, "suggestion": f.suggestion}))
        .collect();
    Ok(axum::Json(serde_json::json!({
        "html": markdown::render(&form.text),
        "flags": flags,
    })))
}
