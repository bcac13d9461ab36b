//! Every saved revision, and any two compared section by section.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use time::OffsetDateTime;

use super::load_existing;
use crate::AppState;
use crate::domain::incident::Incident;
use crate::domain::postmortem::{DiffLine, Section, diff};
use crate::error::{AppError, Result};
use crate::store;
use crate::web::auth::CurrentUser;
use crate::web::extract::IncidentNumber;
use crate::web::format::Moment;
use crate::web::layout::Layout;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct CompareQuery {
    from: String,
    to: String,
}

#[derive(Template)]
#[template(path = "postmortems/revisions.html")]
struct RevisionsPage {
    layout: Layout,
    incident: Incident,
    revisions: Vec<(i32, Moment, Option<String>)>,
    from: i32,
    to: i32,
    /// For each section that differs: its title and the line diff.
    changes: Vec<(String, Vec<DiffLine>)>,
}

pub(super) async fn revisions(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    Query(query): Query<CompareQuery>,
) -> Result<Response> {
    let (incident, pm) = load_existing(&state, &user, number).await?;
    let now = OffsetDateTime::now_utc();
    let revisions: Vec<_> = store::postmortems::revisions(&state.db, pm.id)
        .await?
        .into_iter()
        .map(|(n, at, by)| (n, layout.moment(at, now), by))
        .collect();
    let to = query.to.trim().parse().unwrap_or(pm.revision);
    let from = query.from.trim().parse().unwrap_or((to - 1).max(1));
    let (Some(old), Some(new)) = (
        store::postmortems::revision(&state.db, pm.id, from).await?,
        store::postmortems::revision(&state.db, pm.id, to).await?,
    ) else {
        return Err(AppError::NotFound);
    };
    let text = |s: &Section| {
        if s.na {
            "(not applicable)".to_owned()
        } else {
            s.text.clone()
        }
    };
    let mut changes = Vec::new();
    for (key, title) in pm.template.parts() {
        let (a, b) = (
            old.0.get(key).cloned().unwrap_or_default(),
            new.0.get(key).cloned().unwrap_or_default(),
        );
        if a != b {
            changes.push((title.to_owned(), diff(&text(&a), &text(&b))));
        }
    }
    if old.1 != new.1 {
        changes.push(("Why no action items".to_owned(), diff(&old.1, &new.1)));
    }
    let view = RevisionsPage {
        layout,
        incident,
        revisions,
        from,
        to,
        changes,
    };
    Ok(Html(view.render()?).into_response())
}
