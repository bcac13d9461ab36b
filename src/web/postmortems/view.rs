//! The post-mortem page: its sections with blameless-language flags and reviewers'
//! comments, the action items, and what still stands between it and publishing.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use time::OffsetDateTime;

use super::action_items::ActionForm;
use super::{load, people_names};
use crate::AppState;
use crate::domain::action::{ActionItem, ActionKind, ActionStatus, Priority};
use crate::domain::blameless::{self, Flag};
use crate::domain::incident::Incident;
use crate::domain::person::Person;
use crate::domain::postmortem::{
    Postmortem, Question, QuestionKind, Reviewer, Section, SectionSpec, Sections, State as PmState,
    Template as PmTemplate, publishing_blockers,
};
use crate::domain::taxonomy::{Detection, Tag, TagKind};
use crate::domain::validation::FieldErrors;
use crate::error::Result;
use crate::i18n::Lang;
use crate::markdown;
use crate::store;
use crate::store::action_items::ActionFilter;
use crate::store::postmortems::Comment;
use crate::web::auth::CurrentUser;
use crate::web::extract::IncidentNumber;
use crate::web::format::Moment;
use crate::web::layout::Layout;

/// A section as the page shows it.
pub(super) struct SectionView {
    pub(super) spec: SectionSpec,
    pub(super) section: Section,
    pub(super) html: String,
    pub(super) flags: Vec<Flag>,
    pub(super) comments: Vec<(Comment, Moment)>,
}

impl SectionView {
    /// Written, or marked not applicable: more than its prompt.
    pub(super) fn written(&self) -> bool {
        PmTemplate::written(&self.spec, &self.section)
    }
}

/// A question and its answer as the page shows them.
pub(super) struct QuestionView {
    pub(super) question: Question,
    pub(super) answer: String,
    pub(super) flags: Vec<Flag>,
}

impl QuestionView {
    /// The template's questions with their answers; `check` flags free-text answers.
    pub(super) fn all(
        template: &PmTemplate,
        sections: &Sections,
        check: impl Fn(&str) -> Vec<Flag>,
    ) -> Vec<QuestionView> {
        template
            .questions
            .iter()
            .map(|q| {
                let answer = sections
                    .get(&q.key)
                    .map(|a| a.text.clone())
                    .unwrap_or_default();
                let flags = if q.kind == QuestionKind::Text {
                    check(&answer)
                } else {
                    Vec::new()
                };
                QuestionView {
                    question: q.clone(),
                    answer,
                    flags,
                }
            })
            .collect()
    }

    pub(super) fn is_text(&self) -> bool {
        self.question.kind == QuestionKind::Text
    }

    pub(super) fn is_choice(&self) -> bool {
        self.question.kind == QuestionKind::Choice
    }
}

#[derive(Template)]
#[template(path = "postmortems/view.html")]
struct ViewPage {
    layout: Layout,
    incident: Incident,
    pm: Option<Postmortem>,
    sections: Vec<SectionView>,
    questions: Vec<QuestionView>,
    actions: Vec<ActionItem>,
    reviewers: Vec<Reviewer>,
    /// Everyone who saved a revision, in the order they first did.
    authors: Vec<String>,
    blockers: Vec<String>,
    people: Vec<Person>,
    action: ActionForm,
    action_errors: FieldErrors,
    problem: Option<String>,
    /// Publishing was asked for while blameless flags are open: list them and ask again.
    confirm_publish: bool,
    /// Approving was asked for while the reviewer's own comments are open: ask again.
    confirm_approve: bool,
    /// The factors and triggers the post-mortem carries.
    tags: Vec<Tag>,
    /// Every factor and trigger, for the form.
    taxonomy: Vec<Tag>,
    /// The classification form as posted, when it was refused.
    classifying: Option<Classifying>,
    /// Incidents like this one.
    similar: Vec<crate::store::similar::Similar>,
    /// The templates a new post-mortem may start from (not retired), and the one that
    /// fits this incident.
    templates: Vec<(String, String)>,
    fitting: String,
    now: OffsetDateTime,
}

/// The classification form as posted, and why it was refused.
#[derive(Default)]
pub(super) struct Classifying {
    pub(super) chosen: Vec<uuid::Uuid>,
    pub(super) detection: String,
    pub(super) errors: FieldErrors,
    /// Someone else changed the classification meanwhile.
    pub(super) conflict: bool,
}

impl ViewPage {
    /// The post-mortem's action items are listed soonest due first, not sortable.
    fn sort_link(&self, _column: &str) -> Option<(String, &'static str, &'static str)> {
        None
    }

    /// The viewer's own comments still open, with the section each is on.
    fn my_open_comments(&self) -> Vec<(&str, &Comment)> {
        let me = self.layout.user.as_ref().map(|u| u.id);
        self.sections
            .iter()
            .flat_map(|s| {
                s.comments
                    .iter()
                    .filter(move |(c, _)| !c.resolved && Some(c.author_id) == me)
                    .map(move |(c, _)| (s.spec.title.as_str(), c))
            })
            .collect()
    }

    /// Every open blameless flag, with the section it is in.
    fn all_flags(&self) -> Vec<(&str, &Flag)> {
        let sections = self
            .sections
            .iter()
            .flat_map(|s| s.flags.iter().map(move |f| (s.spec.title.as_str(), f)));
        let questions = self
            .questions
            .iter()
            .flat_map(|q| q.flags.iter().map(move |f| (q.question.text.as_str(), f)));
        sections.chain(questions).collect()
    }

    fn is_reviewer(&self) -> bool {
        let me = self.layout.user.as_ref().map(|u| u.id);
        self.reviewers.iter().any(|r| Some(r.person_id) == me)
    }

    fn i_approved(&self) -> bool {
        let me = self.layout.user.as_ref().map(|u| u.id);
        self.reviewers
            .iter()
            .any(|r| Some(r.person_id) == me && r.approved_at.is_some())
    }

    fn back(&self) -> String {
        format!("/incidents/{}/postmortem#actions", self.incident.number)
    }

    fn flag_count(&self) -> usize {
        self.all_flags().len()
    }

    fn published(&self) -> Option<Moment> {
        self.pm
            .as_ref()
            .and_then(|p| p.published_at)
            .map(|at| self.layout.moment(at, self.now))
    }

    fn overdue(&self, item: &ActionItem) -> bool {
        item.overdue(self.now)
    }

    fn priorities(&self) -> &'static [Priority] {
        Priority::ALL
    }

    fn kinds(&self) -> &'static [ActionKind] {
        ActionKind::ALL
    }

    fn statuses(&self) -> &'static [ActionStatus] {
        ActionStatus::ALL
    }

    fn languages(&self) -> &'static [Lang] {
        &Lang::ALL
    }

    fn tag_kinds(&self) -> [TagKind; 2] {
        TagKind::ALL
    }

    fn detections(&self) -> [Detection; 4] {
        Detection::ALL
    }

    /// The post-mortem's tags of one kind.
    fn tags_of(&self, kind: &TagKind) -> Vec<&Tag> {
        self.tags.iter().filter(|t| t.kind == *kind).collect()
    }

    /// The tags of one kind the form offers: those in use, and the post-mortem's own even
    /// when retired.
    fn offered(&self, kind: &TagKind) -> Vec<&Tag> {
        self.taxonomy
            .iter()
            .filter(|t| t.kind == *kind && (!t.retired || self.tags.iter().any(|m| m.id == t.id)))
            .collect()
    }

    /// Whether the form shows `tag` ticked: as posted, else as saved.
    fn ticked(&self, tag: &Tag) -> bool {
        match &self.classifying {
            Some(c) => c.chosen.contains(&tag.id),
            None => self.tags.iter().any(|t| t.id == tag.id),
        }
    }

    /// The detection source the form shows chosen ("" for none).
    fn detection_chosen(&self) -> String {
        match (&self.classifying, &self.pm) {
            (Some(c), _) => c.detection.clone(),
            (None, Some(pm)) => pm
                .detection
                .map(|d| d.as_str().to_owned())
                .unwrap_or_default(),
            (None, None) => String::new(),
        }
    }

    fn classify_error(&self, field: &str) -> Option<&str> {
        self.classifying.as_ref().and_then(|c| c.errors.get(field))
    }
}

/// What the post-mortem page shows besides the record: the action form as typed, why an
/// action was refused, the publishing question.
#[derive(Default)]
pub(super) struct Page {
    pub(super) action: Option<(ActionForm, FieldErrors)>,
    pub(super) problem: Option<String>,
    pub(super) confirm_publish: bool,
    pub(super) confirm_approve: bool,
    pub(super) classifying: Option<Classifying>,
}

pub(super) async fn render_view(
    state: &AppState,
    layout: Layout,
    incident: Incident,
    pm: Option<Postmortem>,
    page: Page,
    status: StatusCode,
) -> Result<Response> {
    let Page {
        action,
        problem,
        confirm_publish,
        confirm_approve,
        classifying,
    } = page;
    let now = OffsetDateTime::now_utc();
    let (mut sections, mut actions, mut reviewers) = (Vec::new(), Vec::new(), Vec::new());
    let mut questions = Vec::new();
    let (mut templates, mut fitting) = (Vec::new(), String::new());
    let mut blockers = Vec::new();
    let mut authors: Vec<String> = Vec::new();
    let (mut tags, mut taxonomy, mut similar) = (Vec::new(), Vec::new(), Vec::new());
    if let Some(pm) = &pm {
        similar = store::similar::like(&state.db, incident.id).await?;
        tags = store::taxonomy::of_postmortem(&state.db, pm.id).await?;
        taxonomy = store::taxonomy::list(&state.db).await?;
        let saved = store::postmortems::revisions(&state.db, pm.id).await?;
        for name in saved.into_iter().rev().filter_map(|(_, _, by)| by) {
            if !authors.contains(&name) {
                authors.push(name);
            }
        }
        let names = people_names(state).await?;
        let comments = store::postmortems::comments(&state.db, pm.id).await?;
        let published = pm.state == PmState::Published;
        let check = |text: &str| {
            if published {
                Vec::new()
            } else {
                blameless::check(text, &names, pm.language)
            }
        };
        for spec in &pm.template.sections {
            let section = pm.section(&spec.key);
            let flags = check(&section.text);
            sections.push(SectionView {
                spec: spec.clone(),
                html: markdown::render(&section.text),
                section,
                flags,
                comments: comments
                    .iter()
                    .filter(|c| c.section == spec.key)
                    .map(|c| (c.clone(), layout.moment(c.created_at, now)))
                    .collect(),
            });
        }
        questions = QuestionView::all(&pm.template, &pm.sections, check);
        let filter = ActionFilter {
            postmortem_id: Some(pm.id),
            ..Default::default()
        };
        actions = store::action_items::actions(
            &state.db,
            &filter,
            crate::domain::incident::Visibility::everything(),
            500,
        )
        .await?;
        reviewers = store::postmortems::reviewers(&state.db, pm.id).await?;
        blockers = publishing_blockers(
            &pm.template,
            &pm.sections,
            actions.len(),
            &pm.no_actions_reason,
            &reviewers,
        )
        .iter()
        .map(|m| m.say(layout.lang))
        .collect();
    }
    if pm.is_none() {
        let kept = store::postmortem_templates::list(&state.db).await?;
        let chosen = crate::domain::postmortem::template::choose(
            &kept,
            incident.kind,
            incident.severity,
            layout.lang,
        );
        fitting = chosen.name;
        templates = kept
            .iter()
            .filter(|t| !t.retired)
            .map(|t| (t.id.to_string(), t.fields.name.clone()))
            .collect();
    }
    let people = state.copies.active_people(&state.db).await?.to_vec();
    let (action, action_errors) = action.unwrap_or_else(|| {
        let form = ActionForm {
            priority: "p2".into(),
            kind: "prevent".into(),
            ..Default::default()
        };
        (form, FieldErrors::new())
    });
    let action_errors = action_errors.in_lang(layout.lang);
    let classifying = classifying.map(|c| Classifying {
        errors: c.errors.in_lang(layout.lang),
        ..c
    });
    let view = ViewPage {
        layout,
        incident,
        pm,
        sections,
        questions,
        actions,
        reviewers,
        authors,
        blockers,
        people,
        action,
        action_errors,
        problem,
        confirm_publish,
        confirm_approve,
        tags,
        taxonomy,
        classifying,
        similar,
        templates,
        fitting,
        now,
    };
    Ok((status, Html(view.render()?)).into_response())
}

/// Whether the post-mortem's text has blameless-language flags open (unpublished only).
pub(crate) async fn has_flags(state: &AppState, pm: &Postmortem) -> Result<bool> {
    if pm.state == PmState::Published {
        return Ok(false);
    }
    let names = people_names(state).await?;
    Ok(pm
        .template
        .prose_keys()
        .any(|key| !blameless::check(&pm.section(key).text, &names, pm.language).is_empty()))
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct ViewQuery {
    /// "publish": ask to confirm publishing with blameless flags open; "approve": approving
    /// with one's own comments open.
    confirm: String,
}

pub(super) async fn view(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    axum_extra::extract::Query(query): axum_extra::extract::Query<ViewQuery>,
) -> Result<Response> {
    let (incident, pm) = load(&state, &user, number).await?;
    let page = Page {
        confirm_publish: query.confirm == "publish",
        confirm_approve: query.confirm == "approve",
        ..Page::default()
    };
    render_view(&state, layout, incident, pm, page, StatusCode::OK).await
}
