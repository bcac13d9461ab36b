//! The incident page: the record, the response (team, timeline, updates, tasks), what it
//! spent of its services' error budgets, and its history. Its lists are kept per incident
//! (see `web::copies`).

mod header;
mod team;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::Query;
use std::sync::Arc;

use serde::Deserialize;
use time::OffsetDateTime;

use super::budget::BudgetRow;
use crate::AppState;
use crate::app;
use crate::domain::incident::Incident;
use crate::domain::person::Person;
use crate::domain::postmortem::State as PmState;
use crate::domain::postmortem::policy::{Facts, Policy, Standing};
use crate::domain::runbook::Task;
use crate::domain::team::Team;
use crate::domain::timeline::{Entry, EntryKind};
use crate::domain::update::StatusUpdate;
use crate::domain::validation::FieldErrors;
use crate::error::{AppError, Result};
use crate::markdown;
use crate::store;
use crate::store::incident_page::Extras;
use crate::store::similar::Similar;
use crate::web::admin::EventRow;
use crate::web::auth::CurrentUser;
use crate::web::copies::PageCopy;
use crate::web::extract::IncidentNumber;
use crate::web::format::Moment;
use crate::web::layout::Layout;
use crate::web::response::{AssignForm, NoteForm, TaskForm, UpdateForm};

#[derive(Template)]
#[template(path = "incidents/show.html")]
struct ShowPage {
    layout: Layout,
    incident: Incident,
    summary_html: String,
    impact_html: String,
    /// A refused action's explanation.
    problem: Option<String>,
    /// The incident's own audit history, newest first.
    events: Vec<EventRow>,
    team: Team,
    /// Active people, for the assignment form.
    people: Arc<Vec<Person>>,
    /// The timeline by day, in event-time order.
    days: Vec<(String, Vec<EntryRow>)>,
    kind: Option<EntryKind>,
    assign: AssignForm,
    note: NoteForm,
    note_errors: FieldErrors,
    /// Stakeholder updates, newest first.
    updates: Vec<StatusUpdate>,
    may_publish: bool,
    update: UpdateForm,
    update_errors: FieldErrors,
    tasks: Vec<Task>,
    /// The affected services, with what the incident spent of their error budgets.
    budgets: Vec<BudgetRow>,
    /// The monitoring alerts this incident tracks.
    alerts: Vec<(crate::store::alerts::IncidentAlert, Moment)>,
    /// The post-mortem's state, if one was started.
    postmortem: Option<PmState>,
    /// Why no post-mortem is needed, if that was decided.
    postmortem_waived: Option<String>,
    task: TaskForm,
    task_errors: FieldErrors,
    /// Incidents like this one, while it is open.
    similar: Vec<Similar>,
    /// Whether a post-mortem is required, and by when.
    standing: Standing,
    now: OffsetDateTime,
}

/// What the incident page shows besides the record: a refused action's reason, a timeline
/// filter, and forms to re-render with what was typed.
#[derive(Default)]
pub struct ShowOptions {
    pub problem: Option<String>,
    pub kind: Option<EntryKind>,
    pub assign: Option<AssignForm>,
    pub note: Option<(NoteForm, FieldErrors)>,
    pub update: Option<(UpdateForm, FieldErrors)>,
    pub task: Option<(TaskForm, FieldErrors)>,
}

/// A timeline entry, formatted.
pub struct EntryRow {
    pub entry: Entry,
    pub at: Moment,
    /// Notes as sanitised Markdown; system entries as escaped text.
    pub html: Option<String>,
    pub mine: bool,
}

/// One line of the milestone list.
struct MilestoneRow {
    label: String,
    at: Option<Moment>,
}

/// Renders the incident page with `status`.
pub async fn render_show(
    state: &AppState,
    layout: Layout,
    incident: Incident,
    options: ShowOptions,
    status: StatusCode,
) -> Result<Response> {
    let copy = load_copy(state, &incident, options.kind).await?;
    render_page(state, layout, incident, copy, options, status).await
}

/// The incident page again, answered 422, with what `options` carries: a form's typed
/// values and their messages, or why an action was refused.
pub async fn show_again(
    state: &AppState,
    layout: Layout,
    user: &CurrentUser,
    number: i64,
    mut options: ShowOptions,
) -> Result<Response> {
    let incident = app::incidents::visible(&state.ctx(), &user.actor(), number).await?;
    // What the forms say is wrong, in the page's language.
    let lang = layout.lang;
    for errors in [
        options.note.as_mut().map(|(_, e)| e),
        options.update.as_mut().map(|(_, e)| e),
        options.task.as_mut().map(|(_, e)| e),
    ]
    .into_iter()
    .flatten()
    {
        *errors = std::mem::take(errors).in_lang(lang);
    }
    render_show(
        state,
        layout,
        incident,
        options,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// The page's lists with their Markdown rendered.
/// What the incident page shows besides the incident's own row: its lists (of one kind of
/// timeline entry, or all), and while it is open the incidents like it.
async fn load_copy(
    state: &AppState,
    incident: &Incident,
    kind: Option<EntryKind>,
) -> sqlx::Result<PageCopy> {
    let extras = store::incident_page::extras(&state.db, incident.id, kind).await?;
    let similar = if incident.status.is_open() {
        store::similar::like(&state.db, incident.id).await?
    } else {
        Vec::new()
    };
    Ok(page_copy(incident, extras, similar))
}

fn page_copy(incident: &Incident, extras: Extras, similar: Vec<Similar>) -> PageCopy {
    let entry_html = extras
        .entries
        .iter()
        .map(|e| (!e.is_system()).then(|| markdown::render(&e.body)))
        .collect();
    PageCopy {
        extras,
        summary: incident.summary.clone(),
        customer_impact: incident.customer_impact.clone(),
        summary_html: markdown::render(&incident.summary),
        impact_html: markdown::render(&incident.customer_impact),
        entry_html,
        similar,
    }
}

async fn render_page(
    state: &AppState,
    layout: Layout,
    incident: Incident,
    copy: PageCopy,
    options: ShowOptions,
    status: StatusCode,
) -> Result<Response> {
    let people = state.copies.active_people(&state.db).await?;
    let policy = state.copies.postmortem_policy(&state.db).await?;
    let html = ShowPage::new(layout, incident, copy, people, &policy, options).render()?;
    Ok((status, Html(html)).into_response())
}

impl ShowPage {
    fn new(
        layout: Layout,
        incident: Incident,
        copy: PageCopy,
        people: Arc<Vec<Person>>,
        policy: &Policy,
        options: ShowOptions,
    ) -> Self {
        let PageCopy {
            extras,
            summary_html,
            impact_html,
            entry_html,
            similar,
            ..
        } = copy;
        let now = OffsetDateTime::now_utc();
        let events = extras
            .events
            .into_iter()
            .map(|e| EventRow::new(e, now, &layout))
            .collect();
        let team = extras.team;
        let me = layout.user.as_ref().map(|u| u.id);
        let mut days: Vec<(String, Vec<EntryRow>)> = Vec::new();
        for (entry, html) in extras.entries.into_iter().zip(entry_html) {
            let at = layout.moment(entry.occurred_at, now);
            let day = at.day();
            let row = EntryRow {
                at,
                html,
                mine: !entry.is_system() && entry.author_id.is_some() && entry.author_id == me,
                entry,
            };
            match days.last_mut() {
                Some((d, rows)) if *d == day => rows.push(row),
                _ => days.push((day, vec![row])),
            }
        }
        let (note, note_errors) = options.note.unwrap_or_else(|| {
            let form = NoteForm {
                tz_offset: "0".into(),
                ..Default::default()
            };
            (form, FieldErrors::new())
        });
        let updates = extras.updates;
        let may_publish = layout
            .user
            .as_ref()
            .is_some_and(|u| crate::domain::update::may_publish(&team, u.id, u.role));
        let (update, update_errors) = options.update.unwrap_or_else(|| {
            let form = UpdateForm {
                audience: "internal".into(),
                next_update_minutes: "30".into(),
                ..Default::default()
            };
            (form, FieldErrors::new())
        });
        let tasks = extras.tasks;
        let budgets = extras
            .affected
            .into_iter()
            .map(|a| BudgetRow::new(&incident, a, now, layout.lang))
            .collect();
        let alerts = extras
            .alerts
            .into_iter()
            .map(|a| {
                let at = layout.moment(a.starts_at, now);
                (a, at)
            })
            .collect();
        let postmortem = extras.postmortem;
        let postmortem_waived = extras.postmortem_waived;
        let standing = policy.standing(
            &Facts::of(&incident, extras.postmortem_detection),
            incident.milestones.resolved_at,
        );
        let (task, task_errors) = options.task.unwrap_or_default();
        ShowPage {
            layout,
            tasks,
            budgets,
            alerts,
            postmortem,
            postmortem_waived,
            standing,
            task,
            task_errors,
            similar,
            updates,
            may_publish,
            update,
            update_errors,
            summary_html,
            impact_html,
            incident,
            problem: options.problem,
            events,
            team,
            people,
            days,
            kind: options.kind,
            assign: options.assign.unwrap_or_default(),
            note,
            note_errors,
            now,
        }
    }

    fn task_error(&self, field: &str) -> Option<&str> {
        self.task_errors.get(field)
    }

    fn tasks_done(&self) -> usize {
        self.tasks.iter().filter(|t| t.done).count()
    }

    /// Whether the public status page shows this incident: not restricted, with a public
    /// update.
    fn on_status_page(&self) -> bool {
        !self.incident.restricted
            && self
                .updates
                .iter()
                .any(|u| u.audience == crate::domain::update::Audience::Public)
    }

    fn update_error(&self, field: &str) -> Option<&str> {
        self.update_errors.get(field)
    }

    fn next_update_choices(&self) -> [(&'static str, String); 6] {
        [
            ("15", "next-update-15"),
            ("30", "next-update-30"),
            ("60", "next-update-60"),
            ("120", "next-update-120"),
            ("240", "next-update-240"),
            ("", "next-update-none"),
        ]
        .map(|(value, key)| (value, self.layout.t(key)))
    }

    fn entry_kinds(&self) -> &'static [EntryKind] {
        EntryKind::ALL
    }

    fn kind_is(&self, k: &EntryKind) -> bool {
        self.kind == Some(*k)
    }

    fn note_error(&self, field: &str) -> Option<&str> {
        self.note_errors.get(field)
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct ShowQuery {
    /// Show only timeline entries of this kind.
    kind: String,
}

pub(super) async fn show(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    Query(query): Query<ShowQuery>,
) -> Result<Response> {
    let options = ShowOptions {
        kind: query.kind.parse().ok(),
        ..Default::default()
    };
    let (incident, page_version) = store::incident_page::head(&state.db, number, user.visibility())
        .await?
        .ok_or(AppError::NotFound)?;
    // The whole timeline is kept between views; one kind of entries is read each time.
    let copy = match options.kind {
        Some(kind) => load_copy(&state, &incident, Some(kind)).await?,
        None => {
            let load = load_copy(&state, &incident, None);
            let kept = state.copies.page(&incident, page_version, load).await?;
            Arc::unwrap_or_clone(kept)
        }
    };
    render_page(&state, layout, incident, copy, options, StatusCode::OK).await
}
