//! Post-mortems: start (pre-filled from the record), write with blameless-language flags,
//! review, publish, reopen, compare revisions; action items; Markdown and JSON exports.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use time::OffsetDateTime;

use super::auth::CurrentUser;
use super::format::Moment;
use super::incidents::number;
use super::layout::{Layout, redirect_with_flash};
use super::routes::Routes;
use crate::AppState;
use crate::app;
use crate::app::postmortems::{Approval, Saved, Started};
use crate::domain::action::{ActionFields, ActionItem, ActionKind, ActionStatus, Priority};
use crate::domain::blameless::{self, Flag};
use crate::domain::incident::Incident;
use crate::domain::person::{Access, Person};
use crate::domain::postmortem::{
    DiffLine, Postmortem, Reviewer, SECTIONS, Section, SectionSpec, Sections, State as PmState,
    check_lengths, diff, publishing_blockers, section_title,
};
use crate::domain::time::utc_minutes;
use crate::domain::validation::FieldErrors;
use crate::error::{AppError, Result};
use crate::export;
use crate::markdown;
use crate::store;
use crate::store::postmortems::{ActionFilter, Comment};

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
            "/incidents/{number}/postmortem/publish",
            Access::RESPONDER,
            publish,
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
            "/incidents/{number}/postmortem/print",
            Access::VIEWER,
            print,
        )
        .get(
            "/api/v1/incidents/{number}/postmortem",
            Access::VIEWER,
            api_json,
        )
        .get(
            "/api/v1/incidents/{number}/postmortem.md",
            Access::VIEWER,
            export_markdown,
        )
        .get(
            "/incidents/{number}/postmortem.pdf",
            Access::VIEWER,
            export_pdf,
        )
        .get(
            "/api/v1/incidents/{number}/postmortem.pdf",
            Access::VIEWER,
            export_pdf,
        )
        .post("/markdown/preview", Access::RESPONDER, preview)
        .get("/action-items", Access::VIEWER, action_items)
        .post(
            "/action-items/{id}/status",
            Access::RESPONDER,
            action_status,
        )
}

/// The incident and its post-mortem, if `user` may see them.
async fn load(
    state: &AppState,
    user: &CurrentUser,
    raw: &str,
) -> Result<(Incident, Option<Postmortem>)> {
    let incident = app::incidents::visible(&state.ctx(), &user.actor(), number(raw)?).await?;
    let pm = store::postmortems::get(&state.db, incident.id).await?;
    Ok((incident, pm))
}

async fn load_existing(
    state: &AppState,
    user: &CurrentUser,
    raw: &str,
) -> Result<(Incident, Postmortem)> {
    let (incident, pm) = load(state, user, raw).await?;
    Ok((incident, pm.ok_or(AppError::NotFound)?))
}

/// The names the blameless check looks for: everyone who can take part now.
async fn people_names(state: &AppState) -> Result<blameless::People> {
    let names: Vec<String> = state
        .copies
        .active_people(&state.db)
        .await?
        .iter()
        .map(|p| p.display_name.clone())
        .collect();
    Ok(blameless::People::new(&names))
}

// ----- starting: pre-filled from the record -----

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct StartForm {
    /// "on" to copy every timeline entry, not only the key events.
    all_entries: String,
}

async fn start(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(raw): Path<String>,
    Form(form): Form<StartForm>,
) -> Result<Response> {
    let number = number(&raw)?;
    let all = !form.all_entries.is_empty();
    let to = format!("/incidents/{number}/postmortem/edit");
    let message = match app::postmortems::start(&state.ctx(), &user.actor(), number, all).await? {
        Started::Created => "Post-mortem started from the incident's record. Fill in the rest.",
        Started::Existed => "This incident already has a post-mortem.",
    };
    Ok(redirect_with_flash(&to, message))
}

// ----- the post-mortem page -----

/// A section as the page shows it.
struct SectionView {
    spec: &'static SectionSpec,
    section: Section,
    html: String,
    flags: Vec<Flag>,
    comments: Vec<(Comment, Moment)>,
}

#[derive(Template)]
#[template(path = "postmortems/view.html")]
struct ViewPage {
    layout: Layout,
    incident: Incident,
    pm: Option<Postmortem>,
    sections: Vec<SectionView>,
    actions: Vec<ActionItem>,
    reviewers: Vec<Reviewer>,
    /// Everyone who saved a revision, in the order they first did.
    authors: Vec<String>,
    blockers: Vec<String>,
    people: Vec<Person>,
    action: ActionForm,
    action_errors: FieldErrors,
    problem: Option<String>,
    now: OffsetDateTime,
}

impl ViewPage {
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
        self.sections.iter().map(|s| s.flags.len()).sum()
    }

    fn published(&self) -> Option<Moment> {
        self.pm
            .as_ref()
            .and_then(|p| p.published_at)
            .map(|at| Moment::new(at, self.now))
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
}

async fn render_view(
    state: &AppState,
    layout: Layout,
    incident: Incident,
    pm: Option<Postmortem>,
    action: Option<(ActionForm, FieldErrors)>,
    problem: Option<String>,
    status: StatusCode,
) -> Result<Response> {
    let now = OffsetDateTime::now_utc();
    let (mut sections, mut actions, mut reviewers) = (Vec::new(), Vec::new(), Vec::new());
    let mut blockers = Vec::new();
    let mut authors: Vec<String> = Vec::new();
    if let Some(pm) = &pm {
        let saved = store::postmortems::revisions(&state.db, pm.id).await?;
        for name in saved.into_iter().rev().filter_map(|(_, _, by)| by) {
            if !authors.contains(&name) {
                authors.push(name);
            }
        }
        let names = people_names(state).await?;
        let comments = store::postmortems::comments(&state.db, pm.id).await?;
        for spec in SECTIONS {
            let section = pm.section(spec.key);
            let flags = if pm.state == PmState::Published {
                Vec::new()
            } else {
                blameless::check(&section.text, &names)
            };
            sections.push(SectionView {
                spec,
                html: markdown::render(&section.text),
                section,
                flags,
                comments: comments
                    .iter()
                    .filter(|c| c.section == spec.key)
                    .map(|c| (c.clone(), Moment::new(c.created_at, now)))
                    .collect(),
            });
        }
        let filter = ActionFilter {
            postmortem_id: Some(pm.id),
            ..Default::default()
        };
        actions = store::postmortems::actions(
            &state.db,
            &filter,
            crate::domain::incident::Visibility::everything(),
            500,
        )
        .await?;
        reviewers = store::postmortems::reviewers(&state.db, pm.id).await?;
        blockers = publishing_blockers(
            &pm.sections,
            actions.len(),
            &pm.no_actions_reason,
            &reviewers,
        );
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
    let view = ViewPage {
        layout,
        incident,
        pm,
        sections,
        actions,
        reviewers,
        authors,
        blockers,
        people,
        action,
        action_errors,
        problem,
        now,
    };
    Ok((status, Html(view.render()?)).into_response())
}

async fn view(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Path(raw): Path<String>,
) -> Result<Response> {
    let (incident, pm) = load(&state, &user, &raw).await?;
    render_view(&state, layout, incident, pm, None, None, StatusCode::OK).await
}

// ----- writing -----

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

async fn editor(
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

async fn edit_form(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Path(raw): Path<String>,
) -> Result<Response> {
    let (incident, pm) = load_existing(&state, &user, &raw).await?;
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

async fn save(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Path(raw): Path<String>,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> Result<Response> {
    let (incident, _) = load_existing(&state, &user, &raw).await?;
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
struct PreviewForm {
    text: String,
}

/// The editor's live preview: sanitised HTML and the blameless-language flags for `text`.
async fn preview(
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

// ----- review and publishing -----

async fn send_for_review(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Path(raw): Path<String>,
    Form(form): Form<ReviewForm>,
) -> Result<Response> {
    let number = number(&raw)?;
    let sent =
        app::postmortems::request_review(&state.ctx(), &user.actor(), number, &form.reviewers)
            .await?;
    if let Err(problem) = sent {
        let (incident, pm) = load_existing(&state, &user, &raw).await?;
        return render_view(
            &state,
            layout,
            incident,
            Some(pm),
            None,
            Some(problem),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    Ok(redirect_with_flash(
        &format!("/incidents/{number}/postmortem"),
        "Sent for review. Reviewers can comment on each section and approve.",
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ReviewForm {
    reviewers: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ApproveForm {
    /// The revision the reviewer was shown.
    revision: String,
}

async fn approve(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(raw): Path<String>,
    Form(form): Form<ApproveForm>,
) -> Result<Response> {
    let number = number(&raw)?;
    let to = format!("/incidents/{number}/postmortem");
    let read = form.revision.trim().parse().ok();
    let message = match app::postmortems::approve(&state.ctx(), &user.actor(), number, read).await?
    {
        Approval::Approved => "Approved.".to_owned(),
        Approval::NotInReview => "Only a post-mortem in review can be approved.".to_owned(),
        Approval::Changed { revision } => format!(
            "Not approved: the post-mortem was saved again since you read it (it is now \
             revision {revision}). Read it again, then approve."
        ),
    };
    Ok(redirect_with_flash(&to, &message))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct CommentForm {
    section: String,
    body: String,
}

async fn comment(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Path(raw): Path<String>,
    Form(form): Form<CommentForm>,
) -> Result<Response> {
    let number = number(&raw)?;
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
            &format!("Comment added to {}.", section_title(&comment.section)),
        )),
        Err(problem) => {
            let (incident, pm) = load_existing(&state, &user, &raw).await?;
            render_view(
                &state,
                layout,
                incident,
                Some(pm),
                None,
                Some(problem),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

async fn publish(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Path(raw): Path<String>,
) -> Result<Response> {
    let number = number(&raw)?;
    if let Err(problem) = app::postmortems::publish(&state.ctx(), &user.actor(), number).await? {
        let (incident, pm) = load_existing(&state, &user, &raw).await?;
        return render_view(
            &state,
            layout,
            incident,
            Some(pm),
            None,
            Some(problem),
            StatusCode::CONFLICT,
        )
        .await;
    }
    Ok(redirect_with_flash(
        &format!("/incidents/{number}/postmortem"),
        "Published. The post-mortem is now read-only.",
    ))
}

async fn reopen(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(raw): Path<String>,
) -> Result<Response> {
    let number = number(&raw)?;
    let to = format!("/incidents/{number}/postmortem/edit");
    let message = if app::postmortems::reopen(&state.ctx(), &user.actor(), number).await? {
        "Reopened as a draft: the next save starts a new revision; the published one is kept."
    } else {
        "The post-mortem is not published; keep writing."
    };
    Ok(redirect_with_flash(&to, message))
}

// ----- revisions -----

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct CompareQuery {
    from: String,
    to: String,
}

#[derive(Template)]
#[template(path = "postmortems/revisions.html")]
struct RevisionsPage {
    layout: Layout,
    incident: Incident,
    revisions: Vec<(i32, Moment, Option<String>)>,
    from: i32,
    to: i32,
    /// For each section that differs: its title and the line diff.
    changes: Vec<(&'static str, Vec<DiffLine>)>,
}

async fn revisions(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Path(raw): Path<String>,
    Query(query): Query<CompareQuery>,
) -> Result<Response> {
    let (incident, pm) = load_existing(&state, &user, &raw).await?;
    let now = OffsetDateTime::now_utc();
    let revisions: Vec<_> = store::postmortems::revisions(&state.db, pm.id)
        .await?
        .into_iter()
        .map(|(n, at, by)| (n, Moment::new(at, now), by))
        .collect();
    let to = query.to.trim().parse().unwrap_or(pm.revision);
    let from = query.from.trim().parse().unwrap_or((to - 1).max(1));
    let (Some(old), Some(new)) = (
        store::postmortems::revision(&state.db, pm.id, from).await?,
        store::postmortems::revision(&state.db, pm.id, to).await?,
    ) else {
        return Err(AppError::NotFound);
    };
    let text = |s: &Section| {
        if s.na {
            "(not applicable)".to_owned()
        } else {
            s.text.clone()
        }
    };
    let mut changes = Vec::new();
    for spec in SECTIONS {
        let (a, b) = (
            old.0.get(spec.key).cloned().unwrap_or_default(),
            new.0.get(spec.key).cloned().unwrap_or_default(),
        );
        if a != b {
            changes.push((spec.title, diff(&text(&a), &text(&b))));
        }
    }
    if old.1 != new.1 {
        changes.push(("Why no action items", diff(&old.1, &new.1)));
    }
    let view = RevisionsPage {
        layout,
        incident,
        revisions,
        from,
        to,
        changes,
    };
    Ok(Html(view.render()?).into_response())
}

// ----- action items -----

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct ActionForm {
    pub title: String,
    pub owner: String,
    pub due_on: String,
    pub priority: String,
    pub kind: String,
    pub status: String,
    pub tracker_url: String,
}

async fn add_action(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Path(raw): Path<String>,
    Form(form): Form<ActionForm>,
) -> Result<Response> {
    let number = number(&raw)?;
    let parsed = ActionFields::parse(
        &form.title,
        &form.owner,
        &form.due_on,
        &form.priority,
        &form.kind,
        &form.status,
        &form.tracker_url,
    );
    let errors = match parsed {
        Ok(fields) => {
            match app::action_items::add(&state.ctx(), &user.actor(), number, &fields).await? {
                Ok(()) => {
                    return Ok(redirect_with_flash(
                        &format!("/incidents/{number}/postmortem#actions"),
                        "Action item added.",
                    ));
                }
                Err(errors) => errors,
            }
        }
        Err(errors) => errors,
    };
    let (incident, pm) = load_existing(&state, &user, &raw).await?;
    render_view(
        &state,
        layout,
        incident,
        Some(pm),
        Some((form, errors)),
        None,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ActionStatusForm {
    status: String,
    back: String,
}

async fn action_status(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(raw): Path<String>,
    Form(form): Form<ActionStatusForm>,
) -> Result<Response> {
    let id: uuid::Uuid = raw.parse().map_err(|_| AppError::NotFound)?;
    let status = ActionStatus::parse(&form.status).ok_or_else(|| {
        AppError::BadRequest(format!("\"{}\" is not an action item status.", form.status))
    })?;
    let message =
        match app::action_items::set_status(&state.ctx(), &user.actor(), id, status).await? {
            Some(title) => format!("\"{title}\" is now {}.", status.label().to_lowercase()),
            None => "Nothing changed.".to_owned(),
        };
    let back = super::auth::safe_next(&form.back);
    Ok(redirect_with_flash(
        if back == "/" { "/action-items" } else { back },
        &message,
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ActionQuery {
    owner: String,
    status: String,
    kind: String,
    overdue: String,
}

#[derive(Template)]
#[template(path = "postmortems/action_items.html")]
struct ActionItemsPage {
    layout: Layout,
    items: Vec<ActionItem>,
    people: Vec<Person>,
    query: ActionQuery,
    now: OffsetDateTime,
}

impl ActionItemsPage {
    fn overdue(&self, item: &ActionItem) -> bool {
        item.overdue(self.now)
    }

    fn kinds(&self) -> &'static [ActionKind] {
        ActionKind::ALL
    }

    fn statuses(&self) -> &'static [ActionStatus] {
        ActionStatus::ALL
    }

    fn back(&self) -> String {
        let pairs: Vec<(&str, &str)> = [
            ("owner", self.query.owner.as_str()),
            ("status", self.query.status.as_str()),
            ("kind", self.query.kind.as_str()),
            ("overdue", self.query.overdue.as_str()),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .collect();
        format!(
            "/action-items?{}",
            serde_urlencoded::to_string(pairs).unwrap_or_default()
        )
    }
}

async fn action_items(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Query(query): Query<ActionQuery>,
) -> Result<Response> {
    let owner = match query.owner.trim() {
        "" => None,
        "me" => Some(user.person.id),
        id => Some(
            id.parse()
                .map_err(|_| AppError::BadRequest(format!("\"{id}\" is not a person.")))?,
        ),
    };
    let status = match query.status.trim() {
        "" => None,
        s => Some(
            ActionStatus::parse(s)
                .ok_or_else(|| AppError::BadRequest(format!("\"{s}\" is not a status.")))?,
        ),
    };
    let kind = match query.kind.trim() {
        "" => None,
        k => Some(
            ActionKind::parse(k)
                .ok_or_else(|| AppError::BadRequest(format!("\"{k}\" is not a type.")))?,
        ),
    };
    let filter = ActionFilter {
        id: None,
        postmortem_id: None,
        owner,
        status,
        kind,
        overdue: !query.overdue.is_empty(),
        unfinished: false,
    };
    let items = store::postmortems::actions(&state.db, &filter, user.visibility(), 500).await?;
    let people = store::people::list(&state.db).await?;
    let view = ActionItemsPage {
        layout,
        items,
        people,
        query,
        now: OffsetDateTime::now_utc(),
    };
    Ok(Html(view.render()?).into_response())
}

// ----- exports -----

async fn exported(
    state: &AppState,
    user: &CurrentUser,
    raw: &str,
) -> Result<(Incident, Postmortem, Vec<ActionItem>)> {
    let (incident, pm) = load_existing(state, user, raw).await?;
    let filter = ActionFilter {
        postmortem_id: Some(pm.id),
        ..Default::default()
    };
    let actions = store::postmortems::actions(
        &state.db,
        &filter,
        crate::domain::incident::Visibility::everything(),
        500,
    )
    .await?;
    Ok((incident, pm, actions))
}

async fn export_markdown(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(raw): Path<String>,
) -> Result<Response> {
    let (incident, pm, actions) = exported(&state, &user, &raw).await?;
    Ok(super::response::download(
        "text/markdown; charset=utf-8",
        format!("{}-postmortem.md", incident.reference()),
        export::postmortem::markdown(&incident, &pm, &actions),
    ))
}

#[derive(Template)]
#[template(path = "postmortems/print.html")]
struct PrintPage {
    incident: Incident,
    pm: Postmortem,
    sections: Vec<(&'static str, Section, String)>,
    actions: Vec<ActionItem>,
    published: Option<String>,
}

/// A print-ready page: the document alone, styled for paper.
async fn print(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(raw): Path<String>,
) -> Result<Response> {
    let (incident, pm, actions) = exported(&state, &user, &raw).await?;
    let sections = SECTIONS
        .iter()
        .map(|s| {
            let section = pm.section(s.key);
            let html = markdown::render(&section.text);
            (s.title, section, html)
        })
        .collect();
    let view = PrintPage {
        published: pm.published_at.map(utc_minutes),
        incident,
        pm,
        sections,
        actions,
    };
    Ok(Html(view.render()?).into_response())
}

/// The post-mortem as JSON, for scripts.
async fn api_json(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(raw): Path<String>,
) -> std::result::Result<axum::Json<serde_json::Value>, crate::error::ApiError> {
    let (incident, pm, actions) = exported(&state, &user, &raw).await?;
    Ok(axum::Json(export::postmortem::json(
        &incident, &pm, &actions,
    )))
}

async fn export_pdf(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(raw): Path<String>,
) -> Result<Response> {
    let (incident, pm, actions) = exported(&state, &user, &raw).await?;
    let markdown = export::postmortem::markdown(&incident, &pm, &actions);
    let pdf = tokio::task::spawn_blocking(move || export::pdf::from_markdown(&markdown))
        .await
        .map_err(anyhow::Error::from)?;
    let disposition = format!(
        "attachment; filename=\"{}-postmortem.pdf\"",
        incident.reference()
    );
    let mut response = pdf.into_response();
    let headers = response.headers_mut();
    headers.insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("application/pdf"),
    );
    if let Ok(value) = axum::http::HeaderValue::from_str(&disposition) {
        headers.insert(axum::http::header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

async fn export_json(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(raw): Path<String>,
) -> Result<Response> {
    let (incident, pm, actions) = exported(&state, &user, &raw).await?;
    Ok(super::response::download(
        "application/json",
        format!("{}-postmortem.json", incident.reference()),
        export::postmortem::json(&incident, &pm, &actions).to_string(),
    ))
}
