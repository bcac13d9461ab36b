//! Filing an incident and editing one: the shared form, re-rendered with what was typed and
//! a message beside each field, and a stale save shown field by field.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::Form;

use time::OffsetDateTime;

use crate::AppState;
use crate::app;
use crate::app::incidents::Outcome;
use crate::domain::incident::merge::{self, Field};
use crate::domain::incident::{
    Incident, IncidentEdit, IncidentFields, Kind, Milestone, Milestones, NewIncident,
    NewIncidentTimes, Severity, Source,
};
use crate::domain::validation::FieldErrors;
use crate::error::{AppError, Result};
use crate::store;
use crate::web::auth::CurrentUser;
use crate::web::extract::IncidentNumber;
use crate::web::forms::IncidentForm;
use crate::web::layout::{Layout, redirect_with_flash};

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

pub(super) async fn new_form(
    State(state): State<AppState>,
    layout: Layout,
) -> Result<Html<String>> {
    let form = IncidentForm {
        severity: String::new(),
        impact_started_at: crate::domain::time::datetime_local(OffsetDateTime::now_utc()),
        tz_offset: "0".into(),
        take_command: "on".into(),
        ..Default::default()
    };
    let f = FormView::new(&state, form, FieldErrors::new(), true, false).await?;
    Ok(Html(NewPage { layout, f }.render()?))
}

pub(super) async fn create(
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
    let parsed = NewIncident::parse(&form.input(false), &times, Source::Form, now);
    let errors = match parsed.map(|new| NewIncident {
        take_command: !form.take_command.is_empty(),
        new_services: form.typed_services(),
        ..new
    }) {
        Ok(new) => match app::incidents::file(&state.ctx(), &user.actor(), &new).await? {
            Outcome::Done(incident) => {
                let message = layout.t1("flash-filed", "incident", incident.reference());
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
    let f = FormView::new(&state, form, errors.in_lang(layout.lang), false, false).await?;
    let html = NewPage { layout, f }.render()?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
}

#[derive(Template)]
#[template(path = "incidents/edit.html")]
struct EditPage {
    layout: Layout,
    number: i64,
    title: String,
    f: FormView,
    /// After a stale save: each field someone else changed, as saved now and as typed.
    conflict: Option<Vec<ConflictRow>>,
    /// The form holds the three-way merge (theirs where both changed), not what was typed.
    merged: bool,
}

struct ConflictRow {
    label: &'static str,
    saved: String,
    yours: String,
}

pub(super) async fn edit_form(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
) -> Result<Html<String>> {
    let incident = store::incidents::get(&state.db, number, user.visibility())
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
        merged: false,
    };
    Ok(Html(view.render()?))
}

pub(super) async fn update(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    Form(mut form): Form<IncidentForm>,
) -> Result<Response> {
    let now = OffsetDateTime::now_utc();
    let outcome = app::incidents::edit(&state.ctx(), &user.actor(), number, |_| {
        let edit = IncidentEdit::parse(
            &form.input(true),
            &form.milestones(),
            form.offset_minutes(),
            form.version(),
            now,
        )?;
        Ok(IncidentEdit {
            base: form.base(),
            ..edit
        })
    })
    .await?;
    let mut localize = false;
    let (errors, conflict, title) = match outcome {
        Outcome::Done(incident) => {
            return Ok(redirect_with_flash(
                &format!("/incidents/{number}"),
                &layout.t1("flash-incident-saved", "incident", incident.reference()),
            ));
        }
        Outcome::Invalid(errors) => (errors, None, form.title.clone()),
        Outcome::Stale(current, Some(edit)) if edit.base.is_some() => {
            // Fields both changed: the form holds the merge, theirs where both changed.
            let base = edit.base.as_ref().expect("checked");
            let merged = merge::three_way(base, &edit, &current, now);
            let rows = merged
                .conflicts
                .iter()
                .map(|&field| ConflictRow {
                    label: field.label(),
                    saved: value_of(field, &current.fields(), &current.milestones),
                    yours: value_of(field, &edit.fields, &edit.milestones),
                })
                .collect();
            let shown = Incident {
                milestones: merged.edit.milestones,
                ..current.with_fields(merged.edit.fields)
            };
            form = IncidentForm {
                base: current.snapshot().to_string(),
                ..IncidentForm::from_incident(&shown)
            };
            localize = true;
            (FieldErrors::new(), Some(rows), current.title)
        }
        Outcome::Stale(current, edit) => {
            let rows = edit.map(|e| conflicts(&current, &e)).unwrap_or_default();
            // The next save is a deliberate choice made with the differences in view.
            form.version = current.version.to_string();
            form.base = current.snapshot().to_string();
            (FieldErrors::new(), Some(rows), current.title)
        }
        Outcome::Refused(current, _) => (FieldErrors::new(), None, current.title),
    };
    let status = if conflict.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let f = FormView::new(&state, form, errors.in_lang(layout.lang), localize, true).await?;
    let view = EditPage {
        layout,
        number,
        title,
        f,
        conflict,
        merged: localize,
    };
    Ok((status, Html(view.render()?)).into_response())
}

/// One field's value as the conflict table shows it.
fn value_of(field: Field, fields: &IncidentFields, milestones: &Milestones) -> String {
    let time = |at: Option<OffsetDateTime>| {
        at.map(crate::domain::time::utc_minutes)
            .unwrap_or_else(|| "—".into())
    };
    match field {
        Field::Title => fields.title.clone(),
        Field::Summary => fields.summary.clone(),
        Field::Kind => fields.kind.label().into(),
        Field::Severity => fields.severity.label().into(),
        Field::Services => fields.services.join(", "),
        Field::CustomerImpact => fields.customer_impact.clone(),
        Field::Restricted => if fields.restricted {
            "Restricted"
        } else {
            "Not restricted"
        }
        .into(),
        Field::Milestone(m) => time(milestones.get(m)),
    }
}

/// Without the version the form was loaded at: every field where what is saved now
/// differs from what the person submitted.
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
