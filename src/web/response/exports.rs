//! The timeline as Markdown, CSV and JSON downloads.

use axum::extract::State;
use axum::response::Response;

use crate::AppState;
use crate::app;
use crate::domain::timeline::Entry;
use crate::error::Result;
use crate::export;
use crate::store;
use crate::web::auth::CurrentUser;
use crate::web::download::attachment;
use crate::web::extract::IncidentNumber;

async fn timeline_for_export(
    state: &AppState,
    user: &CurrentUser,
    number: i64,
) -> Result<(crate::domain::incident::Incident, Vec<Entry>)> {
    let incident = app::incidents::visible(&state.ctx(), &user.actor(), number).await?;
    let entries = store::timeline::list(&state.db, incident.id, None, false).await?;
    Ok((incident, entries))
}

pub(super) async fn export_markdown(
    State(state): State<AppState>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
) -> Result<Response> {
    let (incident, entries) = timeline_for_export(&state, &user, number).await?;
    Ok(attachment(
        "text/markdown; charset=utf-8",
        &format!("{}-timeline.md", incident.reference()),
        export::timeline::markdown(&incident, &entries),
    ))
}

pub(super) async fn export_csv(
    State(state): State<AppState>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
) -> Result<Response> {
    let (incident, entries) = timeline_for_export(&state, &user, number).await?;
    Ok(attachment(
        "text/csv; charset=utf-8",
        &format!("{}-timeline.csv", incident.reference()),
        export::timeline::csv(&entries),
    ))
}

pub(super) async fn export_json(
    State(state): State<AppState>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
) -> Result<Response> {
    let (incident, entries) = timeline_for_export(&state, &user, number).await?;
    Ok(attachment(
        "application/json",
        &format!("{}-timeline.json", incident.reference()),
        export::timeline::json(&incident, &entries).to_string(),
    ))
}
