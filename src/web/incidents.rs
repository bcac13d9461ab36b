//! Incident pages: the list, filing, the incident page, editing and status actions.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::{Form, Query};
use std::sync::Arc;

use serde::Deserialize;
use time::OffsetDateTime;

use super::admin::EventRow;
use super::auth::CurrentUser;
use super::copies::PageCopy;
use super::format::{Moment, duration};
use super::forms::{IncidentForm, ListQuery};
use super::layout::{Layout, redirect_with_flash};
use super::response::{AssignForm, NoteForm, TaskForm, UpdateForm};
use super::routes::Routes;
use crate::AppState;
use crate::app;
use crate::app::incidents::Outcome;
use crate::domain::filter::Page;
use crate::domain::incident::{
    Incident, IncidentEdit, IncidentListItem, Kind, Milestone, NewIncident, NewIncidentTimes,
    Severity, Source, Status, parse_reference,
};
use crate::domain::person::{Access, Person};
use crate::domain::postmortem::State as PmState;
use crate::domain::runbook::Task;
use crate::domain::slo::{Impact, ImpactWindow, Slo, share_of_budget};
use crate::domain::team::{Assignment, Team, TeamRole, Under};
use crate::domain::timeline::{Entry, EntryKind};
use crate::domain::update::StatusUpdate;
use crate::domain::validation::FieldErrors;
use crate::error::{AppError, Result};
use crate::markdown;
use crate::store;
use crate::store::incident_page::Extras;

pub fn routes() -> Routes {
    Routes::new()
        .get("/incidents", Access::VIEWER, list)
        .post("/incidents", Access::RESPONDER, create)
        .get("/incidents/new", Access::RESPONDER, new_form)
        .get("/incidents/{number}", Access::VIEWER, show)
        .post("/incidents/{number}", Access::RESPONDER, update)
        .get("/incidents/{number}/edit", Access::RESPONDER, edit_form)
        .post(
            "/incidents/{number}/status",
            Access::RESPONDER,
            change_status,
        )
        .post(
            "/incidents/{number}/severity",
            Access::RESPONDER,
            change_severity,
        )
        .post(
            "/incidents/{number}/services/{service}/impact",
            Access::RESPONDER,
            change_impact,
        )
}

/// The number in `/incidents/{number}`; `INC-7` works too. Anything else is a 404.
pub fn number(raw: &str) -> Result<i64> {
    parse_reference(raw).ok_or(AppError::NotFound)
}

// ----- list -----

#[derive(Template)]
#[template(path = "incidents/list.html")]
struct ListPage {
    layout: Layout,
    query: ListQuery,
    errors: FieldErrors,
    page: Page<Row>,
    services: Vec<String>,
}

/// A list row, formatted.
pub struct Row {
    pub item: IncidentListItem,
    pub started: Moment,
    pub resolved: Option<Moment>,
}

impl Row {
    pub fn new(item: IncidentListItem, now: OffsetDateTime) -> Self {
        Row {
            started: Moment::new(item.impact_started_at, now),
            resolved: item.resolved_at.map(|at| Moment::new(at, now)),
            item,
        }
    }
}

impl ListPage {
    fn value<'a>(&self, v: &'a Option<String>) -> &'a str {
        v.as_deref().unwrap_or("")
    }

    fn filtered(&self) -> bool {
        !self.query.filter_pairs().iter().all(|(k, _)| *k == "limit")
    }

    /// Active filters as (label, link that removes it).
    fn chips(&self) -> Vec<(String, String)> {
        self.query
            .filter_pairs()
            .into_iter()
            .filter(|(k, _)| *k != "limit")
            .map(|(k, v)| {
                let label = match k {
                    "q" => format!("“{v}”"),
                    "from" => format!("from {v}"),
                    "to" => format!("to {v}"),
                    _ => format!("{k}: {v}"),
                };
                (label, self.query.link(Some(k), &[]))
            })
            .collect()
    }

    fn older_link(&self) -> Option<String> {
        self.page
            .older
            .map(|n| self.query.link(None, &[("before", n.to_string())]))
    }

    fn newer_link(&self) -> Option<String> {
        self.page
            .newer
            .map(|n| self.query.link(None, &[("after", n.to_string())]))
    }

    fn kinds(&self) -> &'static [Kind] {
        Kind::ALL
    }

    fn severities(&self) -> &'static [Severity] {
        Severity::ALL
    }

    fn statuses(&self) -> &'static [Status] {
        Status::ALL
    }
}

async fn list(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Query(query): Query<ListQuery>,
) -> Result<Response> {
    let services = state.copies.service_names(&state.db).await?.to_vec();
    let now = OffsetDateTime::now_utc();
    let (page, errors, status) = match query.parse() {
        Ok((mut filter, cursor, limit)) => {
            state
                .copies
                .canonicalise(&state.db, &mut filter.service)
                .await?;
            let page = store::incidents::list(&state.db, &filter, cursor, limit, user.visibility())
                .await?;
            let page = Page {
                items: page.items.into_iter().map(|i| Row::new(i, now)).collect(),
                older: page.older,
                newer: page.newer,
            };
            (page, FieldErrors::new(), StatusCode::OK)
        }
        Err(errors) => (
            Page {
                items: Vec::new(),
                older: None,
                newer: None,
            },
            errors,
            StatusCode::BAD_REQUEST,
        ),
    };
    let view = ListPage {
        layout,
        query,
        errors,
        page,
        services,
    };
    Ok((status, Html(view.render()?)).into_response())
}

// ----- the form, shared by filing and editing -----

/// The incident form with what was typed, the messages beside each field, and the choices.
pub struct FormView {
    pub form: IncidentForm,
    pub errors: FieldErrors,
    pub services: Vec<String>,
    /// True when the times are UTC values from the server for the script to show locally;
    /// false when they are what the person typed.
    pub localize: bool,
    pub with_milestones: bool,
}

impl FormView {
    async fn new(
        state: &AppState,
        form: IncidentForm,
        errors: FieldErrors,
        localize: bool,
        with_milestones: bool,
    ) -> Result<Self> {
        let mut services: Vec<String> = state.copies.service_names(&state.db).await?.to_vec();
        for chosen in &form.services {
            if !services.iter().any(|s| s.eq_ignore_ascii_case(chosen)) {
                services.push(chosen.clone());
            }
        }
        Ok(FormView {
            form,
            errors,
            services,
            localize,
            with_milestones,
        })
    }

    fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }

    fn has_service(&self, name: &str) -> bool {
        self.form
            .services
            .iter()
            .any(|s| s.trim().eq_ignore_ascii_case(name))
    }

    fn kind_selected(&self, kind: &Kind) -> bool {
        self.form.kind.eq_ignore_ascii_case(kind.as_str())
    }

    fn severity_checked(&self, severity: &Severity) -> bool {
        self.form.severity.eq_ignore_ascii_case(severity.as_str())
    }

    fn kinds(&self) -> &'static [Kind] {
        Kind::ALL
    }

    fn severities(&self) -> &'static [Severity] {
        Severity::ALL
    }

    /// The milestones after impact start, edited only on an existing incident.
    fn later_milestones(&self) -> &'static [Milestone] {
        &Milestone::ALL[1..]
    }

    fn time(&self, m: &Milestone) -> &str {
        self.form.time(*m)
    }
}

#[derive(Template)]
#[template(path = "incidents/new.html")]
struct NewPage {
    layout: Layout,
    f: FormView,
}

async fn new_form(State(state): State<AppState>, layout: Layout) -> Result<Html<String>> {
    let form = IncidentForm {
        severity: String::new(),
        impact_started_at: crate::domain::time::datetime_local(OffsetDateTime::now_utc()),
        tz_offset: "0".into(),
        ..Default::default()
    };
    let f = FormView::new(&state, form, FieldErrors::new(), true, false).await?;
    Ok(Html(NewPage { layout, f }.render()?))
}

async fn create(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Form(form): Form<IncidentForm>,
) -> Result<Response> {
    let now = OffsetDateTime::now_utc();
    let times = NewIncidentTimes {
        impact_started_at: Some(&form.impact_started_at),
        detected_at: None,
        offset_minutes: form.offset_minutes(),
    };
    let errors = match NewIncident::parse(&form.input(false), &times, Source::Form, now) {
        Ok(new) => match app::incidents::file(&state.ctx(), &user.actor(), &new).await? {
            Outcome::Done(incident) => {
                let message = format!("{} filed. The response starts here.", incident.reference());
                return Ok(redirect_with_flash(
                    &format!("/incidents/{}", incident.number),
                    &message,
                ));
            }
            Outcome::Invalid(errors) => errors,
            Outcome::Stale(..) | Outcome::Refused(..) => FieldErrors::new(),
        },
        Err(errors) => errors,
    };
    let f = FormView::new(&state, form, errors, false, false).await?;
    let html = NewPage { layout, f }.render()?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
}

// ----- the incident page -----

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
    task: TaskForm,
    task_errors: FieldErrors,
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

/// One affected service on the incident page: how hard it was hit and what that spent of its
/// error budget.
pub struct BudgetRow {
    pub service_id: uuid::Uuid,
    pub name: String,
    pub impact: Impact,
    /// Weighted minutes of impact (so far, while it lasts).
    pub spent: String,
    /// "99.9 % over 30 days", and the share of that window's budget this incident spent.
    pub slo: Option<(String, String)>,
    pub over_budget: bool,
}

impl BudgetRow {
    fn new(incident: &Incident, a: crate::store::slo::Affected, now: OffsetDateTime) -> Self {
        let m = &incident.milestones;
        let window = ImpactWindow {
            start: m.impact_started_at,
            end: m.mitigated_at.or(m.resolved_at),
            impact: a.impact,
        };
        let minutes = window.weighted_minutes(now);
        let slo = a
            .slo_target
            .zip(a.slo_window_days)
            .map(|(target, window_days)| Slo {
                target,
                window_days,
            });
        let share = slo.map(|s| share_of_budget(s, &window, now));
        BudgetRow {
            service_id: a.service_id,
            name: a.name,
            impact: a.impact,
            spent: if minutes < 60.0 {
                format!("{minutes:.1} min")
            } else {
                duration(time::Duration::seconds_f64(minutes * 60.0))
            },
            slo: slo
                .zip(share)
                .map(|(s, share)| (s.label(), format!("{:.1} %", share * 100.0))),
            over_budget: share.is_some_and(|s| s >= 1.0),
        }
    }

    pub fn impacts(&self) -> [Impact; 2] {
        Impact::ALL
    }
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
    label: &'static str,
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
    let extras = store::incident_page::extras(&state.db, incident.id, options.kind).await?;
    let copy = page_copy(&incident, extras);
    render_page(state, layout, incident, copy, options, status).await
}

/// The page's lists with their Markdown rendered.
fn page_copy(incident: &Incident, extras: Extras) -> PageCopy {
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
    let html = ShowPage::new(layout, incident, copy, people, options).render()?;
    Ok((status, Html(html)).into_response())
}

impl ShowPage {
    /// Everything the page shows, from the incident page's one statement.
    fn new(
        layout: Layout,
        incident: Incident,
        copy: PageCopy,
        people: Arc<Vec<Person>>,
        options: ShowOptions,
    ) -> Self {
        let PageCopy {
            extras,
            summary_html,
            impact_html,
            entry_html,
            ..
        } = copy;
        let now = OffsetDateTime::now_utc();
        let events = extras
            .events
            .into_iter()
            .map(|e| EventRow::new(e, now))
            .collect();
        let team = extras.team;
        let me = layout.user.as_ref().map(|u| u.id);
        let mut days: Vec<(String, Vec<EntryRow>)> = Vec::new();
        for (entry, html) in extras.entries.into_iter().zip(entry_html) {
            let day = entry.day().to_string();
            let row = EntryRow {
                at: Moment::new(entry.occurred_at, now),
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
            .map(|a| BudgetRow::new(&incident, a, now))
            .collect();
        let alerts = extras
            .alerts
            .into_iter()
            .map(|a| {
                let at = Moment::new(a.starts_at, now);
                (a, at)
            })
            .collect();
        let postmortem = extras.postmortem;
        let (task, task_errors) = options.task.unwrap_or_default();
        ShowPage {
            layout,
            tasks,
            budgets,
            alerts,
            postmortem,
            task,
            task_errors,
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

    fn latest_update(&self) -> Option<(&StatusUpdate, Moment, Option<Moment>, bool)> {
        self.updates.first().map(|u| {
            (
                u,
                Moment::new(u.published_at, self.now),
                u.next_update_at.map(|at| Moment::new(at, self.now)),
                self.incident.status.is_open() && u.overdue(self.now),
            )
        })
    }

    fn task_error(&self, field: &str) -> Option<&str> {
        self.task_errors.get(field)
    }

    fn tasks_done(&self) -> usize {
        self.tasks.iter().filter(|t| t.done).count()
    }

    fn update_error(&self, field: &str) -> Option<&str> {
        self.update_errors.get(field)
    }

    fn next_update_choices(&self) -> [(&'static str, &'static str); 6] {
        [
            ("15", "in 15 minutes"),
            ("30", "in 30 minutes"),
            ("60", "in 1 hour"),
            ("120", "in 2 hours"),
            ("240", "in 4 hours"),
            ("", "no further update planned"),
        ]
    }

    fn needs_ic(&self) -> bool {
        self.incident.status.is_open() && self.team.holder(TeamRole::Ic).is_none()
    }

    fn holder(&self, role: &str) -> Option<&Assignment> {
        role.parse().ok().and_then(|r| self.team.holder(r))
    }

    fn members(&self, under: &str) -> Vec<&Assignment> {
        under
            .parse::<Under>()
            .map(|u| self.team.members_under(u))
            .unwrap_or_default()
    }

    fn handoffs(&self) -> Vec<(&Assignment, Moment, Option<Moment>)> {
        self.team
            .assignments
            .iter()
            .rev()
            .map(|a| {
                (
                    a,
                    Moment::new(a.assumed_at, self.now),
                    a.relieved_at.map(|at| Moment::new(at, self.now)),
                )
            })
            .collect()
    }

    fn role_choices(&self) -> [(&'static str, &'static str); 5] {
        [
            ("ic", "Incident Commander"),
            ("cl", "Communications Lead"),
            ("ol", "Operations Lead"),
            ("member:ol", "Team member under the OL"),
            ("member:cl", "Team member under the CL"),
        ]
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

    fn milestones(&self) -> Vec<MilestoneRow> {
        Milestone::ALL
            .iter()
            .map(|&m| MilestoneRow {
                label: m.label(),
                at: self
                    .incident
                    .milestones
                    .get(m)
                    .map(|at| Moment::new(at, self.now)),
            })
            .collect()
    }

    /// Time to detect, acknowledge, mitigate and resolve, with the pending ones empty.
    fn durations(&self) -> Vec<(&'static str, Option<String>)> {
        let m = &self.incident.milestones;
        vec![
            ("Time to detect", m.time_to_detect().map(duration)),
            ("Time to acknowledge", m.time_to_acknowledge().map(duration)),
            ("Time to mitigate", m.time_to_mitigate().map(duration)),
            ("Time to resolve", m.time_to_resolve().map(duration)),
        ]
    }

    /// How long the impact has lasted, or lasted.
    fn impact_duration(&self) -> String {
        let m = &self.incident.milestones;
        let end = m.mitigated_at.or(m.resolved_at).unwrap_or(self.now);
        duration(end - m.impact_started_at)
    }

    fn impact_ended(&self) -> bool {
        let m = &self.incident.milestones;
        m.mitigated_at.or(m.resolved_at).is_some()
    }

    fn started(&self) -> Moment {
        Moment::new(self.incident.milestones.impact_started_at, self.now)
    }

    fn updated(&self) -> Moment {
        Moment::new(self.incident.updated_at, self.now)
    }

    fn transitions(&self) -> Vec<(&'static str, &'static str)> {
        let from = self.incident.status;
        from.next()
            .iter()
            .map(|to| (to.as_str(), to.action(from)))
            .collect()
    }

    fn other_severities(&self) -> Vec<Severity> {
        Severity::ALL
            .iter()
            .copied()
            .filter(|s| *s != self.incident.severity)
            .collect()
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ShowQuery {
    /// Show only timeline entries of this kind.
    kind: String,
}

async fn show(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Path(raw): Path<String>,
    Query(query): Query<ShowQuery>,
) -> Result<Response> {
    let options = ShowOptions {
        kind: query.kind.parse().ok(),
        ..Default::default()
    };
    let (incident, page_version) =
        store::incident_page::head(&state.db, number(&raw)?, user.visibility())
            .await?
            .ok_or(AppError::NotFound)?;
    // The whole timeline is kept between views; one kind of entries is read each time.
    let copy = match options.kind {
        Some(kind) => {
            let extras = store::incident_page::extras(&state.db, incident.id, Some(kind)).await?;
            page_copy(&incident, extras)
        }
        None => {
            let load = async {
                let extras = store::incident_page::extras(&state.db, incident.id, None).await?;
                Ok(page_copy(&incident, extras))
            };
            let kept = state.copies.page(&incident, page_version, load).await?;
            Arc::unwrap_or_clone(kept)
        }
    };
    render_page(&state, layout, incident, copy, options, StatusCode::OK).await
}

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
struct StatusForm {
    #[serde(default)]
    status: String,
}

async fn change_status(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Path(raw): Path<String>,
    Form(form): Form<StatusForm>,
) -> Result<Response> {
    let number = number(&raw)?;
    let Ok(to) = form.status.parse::<Status>() else {
        let incident = store::incidents::get(&state.db, number, user.visibility())
            .await?
            .ok_or(AppError::NotFound)?;
        let message = format!("\"{}\" is not a status.", form.status);
        return refused(
            &state,
            layout,
            StatusCode::UNPROCESSABLE_ENTITY,
            incident,
            message,
        )
        .await;
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
struct SeverityForm {
    #[serde(default)]
    severity: String,
}

async fn change_severity(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Path(raw): Path<String>,
    Form(form): Form<SeverityForm>,
) -> Result<Response> {
    let number = number(&raw)?;
    let Ok(severity) = form.severity.parse::<Severity>() else {
        let incident = store::incidents::get(&state.db, number, user.visibility())
            .await?
            .ok_or(AppError::NotFound)?;
        let message = format!("\"{}\" is not a severity.", form.severity);
        return refused(
            &state,
            layout,
            StatusCode::UNPROCESSABLE_ENTITY,
            incident,
            message,
        )
        .await;
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
struct ImpactForm {
    #[serde(default)]
    impact: String,
}

async fn change_impact(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Path((raw, service)): Path<(String, String)>,
    Form(form): Form<ImpactForm>,
) -> Result<Response> {
    let number = number(&raw)?;
    let service: uuid::Uuid = service.parse().map_err(|_| AppError::NotFound)?;
    let Some(impact) = Impact::parse(form.impact.trim()) else {
        let incident = store::incidents::get(&state.db, number, user.visibility())
            .await?
            .ok_or(AppError::NotFound)?;
        let message = format!("\"{}\" is not full or partial.", form.impact);
        return refused(
            &state,
            layout,
            StatusCode::UNPROCESSABLE_ENTITY,
            incident,
            message,
        )
        .await;
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

// ----- editing -----

#[derive(Template)]
#[template(path = "incidents/edit.html")]
struct EditPage {
    layout: Layout,
    number: i64,
    title: String,
    f: FormView,
    /// After a stale save: each field someone else changed, as saved now and as typed.
    conflict: Option<Vec<ConflictRow>>,
}

struct ConflictRow {
    label: &'static str,
    saved: String,
    yours: String,
}

async fn edit_form(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Path(raw): Path<String>,
) -> Result<Html<String>> {
    let incident = store::incidents::get(&state.db, number(&raw)?, user.visibility())
        .await?
        .ok_or(AppError::NotFound)?;
    let form = IncidentForm::from_incident(&incident);
    let f = FormView::new(&state, form, FieldErrors::new(), true, true).await?;
    let view = EditPage {
        layout,
        number: incident.number,
        title: incident.title,
        f,
        conflict: None,
    };
    Ok(Html(view.render()?))
}

async fn update(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Path(raw): Path<String>,
    Form(mut form): Form<IncidentForm>,
) -> Result<Response> {
    let number = number(&raw)?;
    let now = OffsetDateTime::now_utc();
    let outcome = app::incidents::edit(&state.ctx(), &user.actor(), number, |_| {
        IncidentEdit::parse(
            &form.input(true),
            &form.milestones(),
            form.offset_minutes(),
            form.version(),
            now,
        )
    })
    .await?;
    let (errors, conflict, title) = match outcome {
        Outcome::Done(incident) => {
            return Ok(redirect_with_flash(
                &format!("/incidents/{number}"),
                &format!("{} saved.", incident.reference()),
            ));
        }
        Outcome::Invalid(errors) => (errors, None, form.title.clone()),
        Outcome::Stale(current, edit) => {
            let rows = edit.map(|e| conflicts(&current, &e)).unwrap_or_default();
            // The next save is a deliberate choice made with the differences in view.
            form.version = current.version.to_string();
            (FieldErrors::new(), Some(rows), current.title)
        }
        Outcome::Refused(current, _) => (FieldErrors::new(), None, current.title),
    };
    let status = if conflict.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let f = FormView::new(&state, form, errors, false, true).await?;
    let view = EditPage {
        layout,
        number,
        title,
        f,
        conflict,
    };
    Ok((status, Html(view.render()?)).into_response())
}

/// The fields where what is saved now differs from what the person submitted.
fn conflicts(current: &Incident, edit: &IncidentEdit) -> Vec<ConflictRow> {
    let f = &edit.fields;
    let time = |at: Option<OffsetDateTime>| {
        at.map(crate::domain::time::utc_minutes)
            .unwrap_or_else(|| "—".into())
    };
    let mut rows = vec![
        ("Title", current.title.clone(), f.title.clone()),
        ("Summary", current.summary.clone(), f.summary.clone()),
        ("Kind", current.kind.label().into(), f.kind.label().into()),
        (
            "Severity",
            current.severity.label().into(),
            f.severity.label().into(),
        ),
        (
            "Services",
            current.services.join(", "),
            f.services.join(", "),
        ),
        (
            "Customer impact",
            current.customer_impact.clone(),
            f.customer_impact.clone(),
        ),
    ];
    for &m in Milestone::ALL {
        rows.push((
            m.label(),
            time(current.milestones.get(m)),
            time(edit.milestones.get(m)),
        ));
    }
    rows.into_iter()
        .filter(|(_, saved, yours)| saved != yours)
        .map(|(label, saved, yours)| ConflictRow {
            label,
            saved,
            yours,
        })
        .collect()
}
