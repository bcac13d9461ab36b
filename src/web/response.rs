//! The response on the incident page: team assignments, timeline notes (with revisions) and
//! timeline exports.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use time::OffsetDateTime;
use tokio::sync::broadcast::error::RecvError;
use uuid::Uuid;

use super::auth::CurrentUser;
use super::format::Moment;
use super::incidents::{ShowOptions, number, render_show};
use super::layout::{Layout, redirect_with_flash};
use super::routes::Routes;
use crate::AppState;
use crate::app;
use crate::app::timeline::NoteEdit;
use crate::domain::person::Access;
use crate::domain::team::Assign;
use crate::domain::time::datetime_local;
use crate::domain::timeline::{Entry, Note, Revision};
use crate::domain::update::NewUpdate;
use crate::domain::validation::FieldErrors;
use crate::error::{AppError, Result};
use crate::export;
use crate::markdown;
use crate::store;

pub fn routes() -> Routes {
    Routes::new()
        .post("/incidents/{number}/roles", Access::RESPONDER, assign)
        .post(
            "/incidents/{number}/roles/{id}/relieve",
            Access::RESPONDER,
            relieve,
        )
        .post("/incidents/{number}/timeline", Access::RESPONDER, add_note)
        .post("/incidents/{number}/updates", Access::RESPONDER, publish)
        .post("/incidents/{number}/tasks", Access::RESPONDER, add_task)
        .post(
            "/incidents/{number}/tasks/{id}/done",
            Access::RESPONDER,
            task_done,
        )
        .get(
            "/incidents/{number}/timeline/{id}/edit",
            Access::RESPONDER,
            edit_note_form,
        )
        .post(
            "/incidents/{number}/timeline/{id}",
            Access::RESPONDER,
            save_note,
        )
        .get(
            "/incidents/{number}/timeline/{id}/revisions",
            Access::VIEWER,
            revisions,
        )
        .get("/incidents/{number}/events", Access::VIEWER, events)
        .get(
            "/incidents/{number}/timeline.md",
            Access::VIEWER,
            export_markdown,
        )
        .get(
            "/incidents/{number}/timeline.csv",
            Access::VIEWER,
            export_csv,
        )
        .get(
            "/incidents/{number}/timeline.json",
            Access::VIEWER,
            export_json,
        )
}

/// Server-sent events for one incident: `timeline`, `team` and `status` as they change, from
/// any Murphy instance on the database. Only people who may see the incident can subscribe.
async fn events(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(raw): Path<String>,
) -> Result<Response> {
    let incident = app::incidents::visible(&state.ctx(), &user.actor(), number(&raw)?).await?;
    let receiver = state.live.subscribe().await?;
    let id = incident.id;
    let stream = futures_util::stream::unfold(receiver, move |mut receiver| async move {
        loop {
            let event = match receiver.recv().await {
                Ok(e) if e.incident == id => SseEvent::default().event(e.what).data("{}"),
                Ok(_) => continue,
                // Fell behind: the page reloads everything it shows.
                Err(RecvError::Lagged(_)) => SseEvent::default().event("resync").data("{}"),
                Err(RecvError::Closed) => return None,
            };
            return Some((Ok::<_, std::convert::Infallible>(event), receiver));
        }
    });
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response())
}

fn entry_id(raw: &str) -> Result<Uuid> {
    raw.parse().map_err(|_| AppError::NotFound)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AssignForm {
    /// ic, cl, ol, member:cl or member:ol.
    pub role: String,
    pub person: String,
    pub note: String,
}

async fn assign(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Path(raw): Path<String>,
    Form(form): Form<AssignForm>,
) -> Result<Response> {
    let number = number(&raw)?;
    let (role, under) = form.role.split_once(':').unwrap_or((&form.role, ""));
    let result = match Assign::parse(role, under, &form.person, &form.note) {
        Ok(assign) => app::team::assign(&state.ctx(), &user.actor(), number, &assign).await?,
        Err(errors) => Err(errors),
    };
    match result {
        Ok(_) => Ok(redirect_with_flash(
            &format!("/incidents/{number}#team"),
            "Team updated.",
        )),
        Err(errors) => {
            let options = ShowOptions {
                problem: Some(messages(&errors)),
                assign: Some(form),
                ..Default::default()
            };
            let incident = app::incidents::visible(&state.ctx(), &user.actor(), number).await?;
            render_show(
                &state,
                layout,
                incident,
                options,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

fn messages(errors: &FieldErrors) -> String {
    errors
        .iter()
        .map(|e| e.message.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

async fn relieve(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((raw, id)): Path<(String, String)>,
) -> Result<Response> {
    let number = number(&raw)?;
    let message = app::team::relieve(&state.ctx(), &user.actor(), number, entry_id(&id)?).await?;
    Ok(redirect_with_flash(
        &format!("/incidents/{number}#team"),
        &message,
    ))
}

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

async fn add_note(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Path(raw): Path<String>,
    Form(form): Form<NoteForm>,
) -> Result<Response> {
    let number = number(&raw)?;
    match form.parse() {
        Ok(note) => {
            app::timeline::add_note(&state.ctx(), &user.actor(), number, &note).await?;
            Ok(redirect_with_flash(
                &format!("/incidents/{number}#timeline"),
                "Note added to the timeline.",
            ))
        }
        Err(errors) => {
            let incident = app::incidents::visible(&state.ctx(), &user.actor(), number).await?;
            let options = ShowOptions {
                note: Some((form, errors)),
                ..Default::default()
            };
            render_show(
                &state,
                layout,
                incident,
                options,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct UpdateForm {
    pub audience: String,
    pub status: String,
    pub impact: String,
    /// Minutes until the next update is due; empty for none.
    pub next_update_minutes: String,
}

impl UpdateForm {
    fn parse(&self) -> Result<NewUpdate, FieldErrors> {
        let now = OffsetDateTime::now_utc();
        let minutes = self.next_update_minutes.trim();
        let next = match minutes {
            "" => Ok(None),
            m => m
                .parse::<i64>()
                .map(|m| Some(now + time::Duration::minutes(m)))
                .map_err(|_| {
                    FieldErrors::one("next_update_at", "Choose when the next update is due.")
                }),
        };
        match next {
            Ok(next) => NewUpdate::parse(&self.audience, &self.status, &self.impact, next, now),
            Err(errors) => Err(errors),
        }
    }
}

async fn publish(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Path(raw): Path<String>,
    Form(form): Form<UpdateForm>,
) -> Result<Response> {
    let number = number(&raw)?;
    match form.parse() {
        Ok(update) => {
            app::updates::publish(&state.ctx(), &user.actor(), number, &update).await?;
            Ok(redirect_with_flash(
                &format!("/incidents/{number}"),
                &format!("{} update published.", update.audience.label()),
            ))
        }
        Err(errors) => {
            let incident = app::incidents::visible(&state.ctx(), &user.actor(), number).await?;
            let options = ShowOptions {
                update: Some((form, errors)),
                ..Default::default()
            };
            render_show(
                &state,
                layout,
                incident,
                options,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct TaskForm {
    pub task: String,
    pub assignee: String,
    /// "true" or "false", for ticking off.
    pub done: String,
}

async fn add_task(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Path(raw): Path<String>,
    Form(form): Form<TaskForm>,
) -> Result<Response> {
    let number = number(&raw)?;
    match app::tasks::add_task(
        &state.ctx(),
        &user.actor(),
        number,
        &form.task,
        &form.assignee,
    )
    .await?
    {
        Ok(()) => Ok(redirect_with_flash(
            &format!("/incidents/{number}#tasks"),
            "Task added.",
        )),
        Err(errors) => {
            let incident = app::incidents::visible(&state.ctx(), &user.actor(), number).await?;
            let options = ShowOptions {
                task: Some((form, errors)),
                ..Default::default()
            };
            render_show(
                &state,
                layout,
                incident,
                options,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

async fn task_done(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((raw, id)): Path<(String, String)>,
    Form(form): Form<TaskForm>,
) -> Result<Response> {
    let number = number(&raw)?;
    let done = form.done == "true";
    let message =
        app::tasks::set_task_done(&state.ctx(), &user.actor(), number, entry_id(&id)?, done)
            .await?;
    Ok(redirect_with_flash(
        &format!("/incidents/{number}#tasks"),
        &message,
    ))
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

async fn edit_note_form(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Path((raw, id)): Path<(String, String)>,
) -> Result<Html<String>> {
    let incident = app::incidents::visible(&state.ctx(), &user.actor(), number(&raw)?).await?;
    let entry =
        app::timeline::own_note(&state.ctx(), &user.actor(), &incident, entry_id(&id)?).await?;
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

async fn save_note(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Path((raw, id)): Path<(String, String)>,
    Form(mut form): Form<NoteForm>,
) -> Result<Response> {
    let number = number(&raw)?;
    let id = entry_id(&id)?;
    let version = form.version.trim().parse().unwrap_or(0);
    let (status, errors, theirs) = match form.parse() {
        Ok(note) => {
            match app::timeline::edit_note(&state.ctx(), &user.actor(), number, id, version, &note)
                .await?
            {
                NoteEdit::Saved => {
                    return Ok(redirect_with_flash(
                        &format!("/incidents/{number}#timeline"),
                        "Note saved; the earlier version is kept in its revisions.",
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
        layout,
        number,
        entry_id: id,
        form,
        errors,
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

async fn revisions(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Path((raw, id)): Path<(String, String)>,
) -> Result<Html<String>> {
    let incident = app::incidents::visible(&state.ctx(), &user.actor(), number(&raw)?).await?;
    let current = store::timeline::get(&state.db, incident.id, entry_id(&id)?)
        .await?
        .ok_or(AppError::NotFound)?;
    let now = OffsetDateTime::now_utc();
    let revisions = store::timeline::revisions(&state.db, current.id)
        .await?
        .into_iter()
        .map(|r| {
            let at = Moment::new(r.written_at, now);
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

async fn timeline_for_export(
    state: &AppState,
    user: &CurrentUser,
    raw: &str,
) -> Result<(crate::domain::incident::Incident, Vec<Entry>)> {
    let incident = app::incidents::visible(&state.ctx(), &user.actor(), number(raw)?).await?;
    let entries = store::timeline::list(&state.db, incident.id, None, false).await?;
    Ok((incident, entries))
}

pub fn download(content_type: &'static str, filename: String, body: String) -> Response {
    let disposition = format!("attachment; filename=\"{filename}\"");
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

async fn export_markdown(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(raw): Path<String>,
) -> Result<Response> {
    let (incident, entries) = timeline_for_export(&state, &user, &raw).await?;
    Ok(download(
        "text/markdown; charset=utf-8",
        format!("{}-timeline.md", incident.reference()),
        export::timeline::markdown(&incident, &entries),
    ))
}

async fn export_csv(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(raw): Path<String>,
) -> Result<Response> {
    let (incident, entries) = timeline_for_export(&state, &user, &raw).await?;
    Ok(download(
        "text/csv; charset=utf-8",
        format!("{}-timeline.csv", incident.reference()),
        export::timeline::csv(&entries),
    ))
}

async fn export_json(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(raw): Path<String>,
) -> Result<Response> {
    let (incident, entries) = timeline_for_export(&state, &user, &raw).await?;
    Ok(download(
        "application/json",
        format!("{}-timeline.json", incident.reference()),
        export::timeline::json(&incident, &entries).to_string(),
    ))
}
