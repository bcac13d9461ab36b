//! The post-mortem as Markdown, JSON, PDF and a print-ready page. The API's routes for the
//! same documents (`web::api::postmortems`) use these with problem answers.

use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};

use super::load_existing;
use crate::AppState;
use crate::domain::action::ActionItem;
use crate::domain::incident::{Incident, Visibility};
use crate::domain::postmortem::{Postmortem, QuestionKind, Section};
use crate::domain::taxonomy::Tag;
use crate::domain::time::utc_minutes;
use crate::error::Result;
use crate::export;
use crate::i18n::Lang;
use crate::markdown;
use crate::store;
use crate::store::action_items::ActionFilter;
use crate::web::auth::CurrentUser;
use crate::web::download::{attachment, pdf};
use crate::web::extract::IncidentNumber;

/// What every export of a post-mortem holds.
pub struct Exported {
    pub incident: Incident,
    pub pm: Postmortem,
    pub actions: Vec<ActionItem>,
    /// Its contributing factors and triggers.
    pub tags: Vec<Tag>,
}

impl Exported {
    /// The post-mortem of incident `number`, if `user` may see it.
    pub async fn load(state: &AppState, user: &CurrentUser, number: i64) -> Result<Exported> {
        let (incident, pm) = load_existing(state, user, number).await?;
        let filter = ActionFilter {
            postmortem_id: Some(pm.id),
            ..Default::default()
        };
        let actions =
            store::action_items::actions(&state.db, &filter, Visibility::everything(), 500).await?;
        let tags = store::taxonomy::of_postmortem(&state.db, pm.id).await?;
        Ok(Exported {
            incident,
            pm,
            actions,
            tags,
        })
    }

    fn name(&self, extension: &str) -> String {
        format!("{}-postmortem.{extension}", self.incident.reference())
    }

    fn markdown(&self, lang: Lang) -> String {
        export::postmortem::markdown(&self.incident, &self.pm, &self.actions, &self.tags, lang)
    }

    pub fn json(&self) -> serde_json::Value {
        export::postmortem::json(&self.incident, &self.pm, &self.actions, &self.tags)
    }

    pub fn markdown_file(&self, lang: Lang) -> Response {
        attachment(
            "text/markdown; charset=utf-8",
            &self.name("md"),
            self.markdown(lang),
        )
    }

    pub async fn pdf_file(&self, lang: Lang) -> Result<Response> {
        pdf(&self.name("pdf"), self.markdown(lang)).await
    }
}

pub(super) async fn export_markdown(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
) -> Result<Response> {
    Ok(Exported::load(&state, &user, number)
        .await?
        .markdown_file(lang))
}

pub(super) async fn export_json(
    State(state): State<AppState>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
) -> Result<Response> {
    let exported = Exported::load(&state, &user, number).await?;
    Ok(attachment(
        "application/json",
        &exported.name("json"),
        exported.json().to_string(),
    ))
}

pub(super) async fn export_pdf(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
) -> Result<Response> {
    Exported::load(&state, &user, number)
        .await?
        .pdf_file(lang)
        .await
}

#[derive(Template)]
#[template(path = "postmortems/print.html")]
struct PrintPage {
    incident: Incident,
    pm: Postmortem,
    /// Heading, content and its HTML: required sections, and optional ones written.
    sections: Vec<(String, Section, String)>,
    /// Each question and its answer as shown.
    answers: Vec<(String, String)>,
    actions: Vec<ActionItem>,
    published: Option<String>,
    tags: Vec<Tag>,
    lang: Lang,
}

impl PrintPage {
    /// "Contributing factors: A, B", one line per kind with any.
    fn tag_lines(&self) -> Vec<String> {
        crate::domain::taxonomy::TagKind::ALL
            .into_iter()
            .filter_map(|kind| {
                let names: Vec<&str> = self
                    .tags
                    .iter()
                    .filter(|t| t.kind == kind)
                    .map(|t| t.name.as_str())
                    .collect();
                (!names.is_empty()).then(|| {
                    format!(
                        "{}: {}",
                        self.lang.tk("tag-kinds-", kind.as_str()),
                        names.join(", ")
                    )
                })
            })
            .collect()
    }
}

/// A print-ready page: the document alone, styled for paper.
pub(super) async fn print(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
) -> Result<Response> {
    let Exported {
        incident,
        pm,
        actions,
        tags,
    } = Exported::load(&state, &user, number).await?;
    let sections = pm
        .template
        .sections
        .iter()
        .filter_map(|s| {
            let section = pm.section(&s.key);
            let unwritten = !section.na && section.text.trim().is_empty();
            if !s.required && unwritten {
                return None;
            }
            let html = markdown::render(&section.text);
            Some((s.title.clone(), section, html))
        })
        .collect();
    let answers = pm
        .template
        .questions
        .iter()
        .map(|q| {
            let answer = pm.section(&q.key).text.trim().to_owned();
            let shown = match q.kind {
                QuestionKind::YesNo if !answer.is_empty() => lang.t(&format!("pm-answer-{answer}")),
                _ => answer,
            };
            (q.text.clone(), shown)
        })
        .collect();
    let view = PrintPage {
        answers,
        published: pm.published_at.map(utc_minutes),
        incident,
        pm,
        sections,
        actions,
        tags,
        lang,
    };
    Ok(Html(view.render()?).into_response())
}
