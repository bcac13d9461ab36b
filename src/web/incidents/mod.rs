//! Incident pages: the list, filing, the incident page, editing and status actions.

mod actions;
pub(crate) mod budget;
mod form;
mod list;
mod show;

use crate::domain::person::Access;
use crate::web::routes::Routes;
use actions::{change_impact, change_severity, change_status};
use form::{create, edit_form, new_form, update};
use list::list;
use show::show;

pub use list::Row;
pub use show::{ShowOptions, show_again};

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
            "/incidents/{number}/services/{id}/impact",
            Access::RESPONDER,
            change_impact,
        )
}
