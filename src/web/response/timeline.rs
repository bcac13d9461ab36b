//! Notes on the timeline: adding, editing (only the author, every version kept) and their
//! revisions.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::AppState;
use crate::app;
use crate::app::timeline::NoteEdit;
use crate::domain::time::datetime_local;
use crate::domain::timeline::{Entry, Note, Revision};
use crate::domain::validation::FieldErrors;
use crate::error::{AppError, Result};
use crate::markdown;
use crate::store;
use crate::web::auth::CurrentUser;
use crate::web::extract::{Id, IncidentNumber};
use crate::web::format::Moment;
use crate::web::incidents::{ShowOptions, show_again};
use crate::web::layout::{Layout, redirect_with_flash};

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct NoteForm {
    pub body: String,
    pub occurred_at: String,
    pub tz_offset: String,
    /// "on" when ticked.
    pub highlight: String,
    pub version: String,
}

impl NoteForm {
    fn parse(&self) -> Result<Note, FieldErrors> {
        Note::parse(
            &self.body,
            &self.occurred_at,
            self.tz_offset.trim().parse().unwrap_or(0),
            !self.highlight.is_empty(),
            OffsetDateTime::now_utc(),
        )
    }
}

pub(super) async fn add_note(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    Form(form): Form<NoteForm>,
) -> Result<Response> {
    match form.parse() {
        Ok(note) => {
            app::timeline::add_note(&state.ctx(), &user.actor(), number, &note).await?;
            Ok(redirect_with_flash(
                &format!("/incidents/{number}#timeline"),
                &layout.t("flash-note-added"),
            ))
        }
        Err(errors) => {
            let options = ShowOptions {
                note: Some((form, errors)),
                ..Default::default()
            };
            show_again(&state, layout, &user, number, options).await
        }
    }
}

#[derive(Template)]
#[template(path = "timeline/edit.html")]
struct EditNotePage {
    layout: Layout,
    number: i64,
    entry_id: Uuid,
    form: NoteForm,
    errors: FieldErrors,
    localize: bool,
    /// After a stale save: the note as someone else saved it.
    theirs: Option<Entry>,
}

pub(super) async fn edit_note_form(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    Id(id): Id<Uuid>,
) -> Result<Html<String>> {
    let incident = app::incidents::visible(&state.ctx(), &user.actor(), number).await?;
    let entry = app::timeline::own_note(&state.ctx(), &user.actor(), &incident, id).await?;
    let form = NoteForm {
        body: entry.body.clone(),
        occurred_at: datetime_local(entry.occurred_at),
        tz_offset: "0".into(),
        highlight: if entry.highlighted {
            "on".into()
        } else {
            String::new()
        },
        version: entry.version.to_string(),
    };
    let view = EditNotePage {
        layout,
        number: incident.number,
        entry_id: entry.id,
        form,
        errors: FieldErrors::new(),
        localize: true,
        theirs: None,
    };
    Ok(Html(view.render()?))
}

pub(super) async fn save_note(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    Id(id): Id<Uuid>,
    Form(mut form): Form<NoteForm>,
) -> Result<Response> {
    let version = form.version.trim().parse().unwrap_or(0);
    let (status, errors, theirs) = match form.parse() {
        Ok(note) => {
            match app::timeline::edit_note(&state.ctx(), &user.actor(), number, id, version, &note)
                .await?
            {
                NoteEdit::Saved => {
                    return Ok(redirect_with_flash(
                        &format!("/incidents/{number}#timeline"),
                        &layout.t("flash-note-saved"),
                    ));
                }
                NoteEdit::Stale(current) => {
                    form.version = current.version.to_string();
                    (StatusCode::CONFLICT, FieldErrors::new(), Some(*current))
                }
            }
        }
        Err(errors) => {
            let incident = app::incidents::visible(&state.ctx(), &user.actor(), number).await?;
            app::timeline::own_note(&state.ctx(), &user.actor(), &incident, id).await?;
            (StatusCode::UNPROCESSABLE_ENTITY, errors, None)
        }
    };
    let view = EditNotePage {
        number,
        entry_id: id,
        form,
        errors: errors.in_lang(layout.lang),
        layout,
        localize: false,
        theirs,
    };
    Ok((status, Html(view.render()?)).into_response())
}

#[derive(Template)]
#[template(path = "timeline/revisions.html")]
struct RevisionsPage {
    layout: Layout,
    number: i64,
    current: Entry,
    current_html: String,
    revisions: Vec<(Revision, Moment, String)>,
}

pub(super) async fn revisions(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    Id(id): Id<Uuid>,
) -> Result<Html<String>> {
    let incident = app::incidents::visible(&state.ctx(), &user.actor(), number).await?;
    let current = store::timeline::get(&state.db, incident.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let now = OffsetDateTime::now_utc();
    let revisions = store::timeline::revisions(&state.db, current.id)
        .await?
        .into_iter()
        .map(|r| {
            let at = layout.moment(r.written_at, now);
            let html = markdown::render(&r.body);
            (r, at, html)
        })
        .collect();
    let view = RevisionsPage {
        layout,
        number: incident.number,
        current_html: markdown::render(&current.body),
        current,
        revisions,
    };
    Ok(Html(view.render()?))
}
