//! The response on the incident page: the team, timeline notes (with revisions), stakeholder
//! updates, tasks, the live event stream and timeline exports.

mod exports;
mod live;
mod tasks;
mod team;
mod timeline;
mod updates;

use crate::domain::person::Access;
use crate::domain::validation::FieldErrors;
use crate::web::routes::Routes;
use exports::{export_csv, export_json, export_markdown};
use live::events;
use tasks::{add_task, task_done};
use team::{assign, relieve};
use timeline::{add_note, edit_note_form, revisions, save_note};
use updates::publish;

pub use tasks::TaskForm;
pub use team::AssignForm;
pub use timeline::NoteForm;
pub use updates::UpdateForm;

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

/// The messages of `errors`, as one sentence for the page's alert.
pub(super) fn messages(errors: &FieldErrors) -> String {
    errors
        .iter()
        .map(|e| e.message.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}
