//! Administration: people, the audit trail, runbooks, how alerts become incidents, and
//! webhooks. Every route here is for admins.

mod alerts;
mod audit;
mod people;
mod runbooks;
mod webhooks;

pub use audit::EventRow;

use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .merge(people::routes())
        .merge(audit::routes())
        .merge(runbooks::routes())
        .merge(alerts::routes())
        .merge(webhooks::routes())
}
