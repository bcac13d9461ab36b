//! Incident pages: the list, filing, the incident page, editing and status actions.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum_extra::extract::{Form, Query};
use serde::Deserialize;
use time::OffsetDateTime;

use super::format::{Moment, duration};
use super::forms::{IncidentForm, ListQuery};
use super::layout::{Layout, redirect_with_flash};
use crate::AppState;
use crate::domain::filter::Page;
use crate::domain::incident::{
    Incident, IncidentEdit, IncidentListItem, Kind, Milestone, NewIncident, NewIncidentTimes,
    Severity, Source, Status, parse_reference,
};
use crate::domain::validation::FieldErrors;
use crate::error::{AppError, Result};
use crate::markdown;
use crate::store;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/incidents", get(list).post(create))
        .route("/incidents/new", get(new_form))
        .route("/incidents/{number}", get(show).post(update))
        .route("/incidents/{number}/edit", get(edit_form))
        .route("/incidents/{number}/status", post(change_status))
        .route("/incidents/{number}/severity", post(change_severity))
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
    Query(query): Query<ListQuery>,
) -> Result<Response> {
    let services = store::services::list(&state.db)
        .await?
        .into_iter()
        .map(|s| s.name)
        .collect();
    let now = OffsetDateTime::now_utc();
    let (page, errors, status) = match query.parse() {
        Ok((filter, cursor, limit)) => {
            let page = store::incidents::list(&state.db, &filter, cursor, limit).await?;
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
        let mut services: Vec<String> = store::services::list(&state.db)
            .await?
            .into_iter()
            .map(|s| s.name)
            .collect();
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
    Form(form): Form<IncidentForm>,
) -> Result<Response> {
    let now = OffsetDateTime::now_utc();
    let times = NewIncidentTimes {
        impact_started_at: Some(&form.impact_started_at),
        detected_at: None,
        offset_minutes: form.offset_minutes(),
    };
    let parsed = NewIncident::parse(&form.input(), &times, Source::Form, now);
    let errors = match parsed {
        Ok(new) => {
            let mut tx = state.db.begin().await?;
            match store::incidents::create(&mut tx, &new).await? {
                Ok(number) => {
                    tx.commit().await?;
                    let message = format!("INC-{number} filed. The response starts here.");
                    return Ok(redirect_with_flash(
                        &format!("/incidents/{number}"),
                        &message,
                    ));
                }
                Err(errors) => errors,
            }
        }
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
    now: OffsetDateTime,
}

/// One line of the milestone list.
struct MilestoneRow {
    label: &'static str,
    at: Option<Moment>,
}

impl ShowPage {
    fn new(incident: Incident, problem: Option<String>) -> Self {
        ShowPage {
            layout: Layout::default(),
            summary_html: markdown::render(&incident.summary),
            impact_html: markdown::render(&incident.customer_impact),
            incident,
            problem,
            now: OffsetDateTime::now_utc(),
        }
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

async fn show(
    State(state): State<AppState>,
    layout: Layout,
    Path(raw): Path<String>,
) -> Result<Html<String>> {
    let incident = store::incidents::get(&state.db, number(&raw)?)
        .await?
        .ok_or(AppError::NotFound)?;
    let view = ShowPage {
        layout,
        ..ShowPage::new(incident, None)
    };
    Ok(Html(view.render()?))
}

#[derive(Deserialize)]
struct StatusForm {
    #[serde(default)]
    status: String,
}

async fn change_status(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    Form(form): Form<StatusForm>,
) -> Result<Response> {
    let number = number(&raw)?;
    let mut tx = state.db.begin().await?;
    let mut incident = store::incidents::get_for_update(&mut tx, number)
        .await?
        .ok_or(AppError::NotFound)?;
    let refused = |incident: Incident, message: String| -> Result<Response> {
        let html = ShowPage::new(incident, Some(message)).render()?;
        Ok((StatusCode::CONFLICT, Html(html)).into_response())
    };
    let Ok(to) = form.status.parse::<Status>() else {
        let message = format!("\"{}\" is not a status.", form.status);
        let html = ShowPage::new(incident, Some(message)).render()?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response());
    };
    let from = incident.status;
    if let Err(e) = incident
        .milestones
        .change_status(from, to, OffsetDateTime::now_utc())
    {
        return refused(incident, e.to_string());
    }
    store::incidents::set_status(&mut tx, incident.id, to, &incident.milestones).await?;
    tx.commit().await?;
    let message = format!("INC-{number} is now {}.", to.label().to_lowercase());
    Ok(redirect_with_flash(
        &format!("/incidents/{number}"),
        &message,
    ))
}

#[derive(Deserialize)]
struct SeverityForm {
    #[serde(default)]
    severity: String,
}

async fn change_severity(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    Form(form): Form<SeverityForm>,
) -> Result<Response> {
    let number = number(&raw)?;
    let mut tx = state.db.begin().await?;
    let incident = store::incidents::get_for_update(&mut tx, number)
        .await?
        .ok_or(AppError::NotFound)?;
    let Ok(severity) = form.severity.parse::<Severity>() else {
        let message = format!("\"{}\" is not a severity.", form.severity);
        let html = ShowPage::new(incident, Some(message)).render()?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response());
    };
    let message = if severity == incident.severity {
        format!("INC-{number} is already {severity}.")
    } else {
        store::incidents::set_severity(&mut tx, incident.id, severity).await?;
        tx.commit().await?;
        format!("INC-{number} is now {}.", severity.label())
    };
    Ok(redirect_with_flash(
        &format!("/incidents/{number}"),
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
    Path(raw): Path<String>,
) -> Result<Html<String>> {
    let incident = store::incidents::get(&state.db, number(&raw)?)
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
    Path(raw): Path<String>,
    Form(mut form): Form<IncidentForm>,
) -> Result<Response> {
    let number = number(&raw)?;
    let now = OffsetDateTime::now_utc();
    let mut tx = state.db.begin().await?;
    let current = store::incidents::get_for_update(&mut tx, number)
        .await?
        .ok_or(AppError::NotFound)?;
    let parsed = IncidentEdit::parse(
        &form.input(),
        &form.milestones(),
        form.offset_minutes(),
        form.version(),
        now,
    );
    let (errors, conflict) = match parsed {
        Ok(edit) if edit.version != current.version => {
            let conflict = conflicts(&current, &edit);
            // The next save is a deliberate choice made with the differences in view.
            form.version = current.version.to_string();
            (FieldErrors::new(), Some(conflict))
        }
        Ok(edit) => {
            match store::incidents::update(
                &mut tx,
                current.id,
                edit.version,
                &edit.fields,
                &edit.milestones,
            )
            .await?
            {
                Ok(Some(_)) => {
                    tx.commit().await?;
                    return Ok(redirect_with_flash(
                        &format!("/incidents/{number}"),
                        &format!("INC-{number} saved."),
                    ));
                }
                Ok(None) => (FieldErrors::new(), Some(Vec::new())),
                Err(errors) => (errors, None),
            }
        }
        Err(errors) => (errors, None),
    };
    drop(tx);
    let status = if conflict.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let f = FormView::new(&state, form, errors, false, true).await?;
    let view = EditPage {
        layout,
        number,
        title: current.title,
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
