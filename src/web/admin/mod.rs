//! Administration: people, the audit trail, runbooks, how alerts become incidents, and
//! webhooks. Every route here is for admins.

mod alerts;
mod audit;
mod email;
mod people;
mod postmortem_rules;
mod postmortem_templates;
mod runbooks;
mod subscribers;
mod taxonomy;
mod webhooks;

pub use audit::EventRow;

use crate::domain::person::Access;
use crate::web::layout::Layout;
use crate::web::routes::Routes;

#[derive(askama::Template)]
#[template(path = "admin/index.html")]
struct AdminIndex {
    layout: Layout,
}

/// `/admin`: what each admin page is for.
async fn index(layout: Layout) -> crate::error::Result<axum::response::Html<String>> {
    Ok(axum::response::Html(askama::Template::render(
        &AdminIndex { layout },
    )?))
}

pub fn routes() -> Routes {
    Routes::new()
        .get("/admin", Access::ADMIN, index)
        .merge(people::routes())
        .merge(audit::routes())
        .merge(runbooks::routes())
        .merge(alerts::routes())
        .merge(webhooks::routes())
        .merge(email::routes())
        .merge(subscribers::routes())
        .merge(taxonomy::routes())
        .merge(postmortem_rules::routes())
        .merge(postmortem_templates::routes())
}
