//! `/api/v1/incidents/{number}/postmortem/revisions` and `/compare`: every saved revision
//! of a post-mortem, and any two compared section by section.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::ApiQuery;
use crate::AppState;
use crate::domain::person::Access;
use crate::domain::postmortem::{DiffLine, Section, diff};
use crate::domain::time::rfc3339;
use crate::error::{ApiError, AppError, Problem};
use crate::store;
use crate::web::auth::CurrentUser;
use crate::web::extract::IncidentNumber;
use crate::web::postmortems::exports::Exported;
use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get(
            "/api/v1/incidents/{number}/postmortem/revisions",
            Access::VIEWER,
            revisions,
        )
        .get(
            "/api/v1/incidents/{number}/postmortem/compare",
            Access::VIEWER,
            compare,
        )
}

/// One saved revision.
#[derive(Debug, Serialize, ToSchema)]
pub struct RevisionJson {
    pub revision: i32,
    pub saved_at: String,
    /// Who saved it.
    pub saved_by: Option<String>,
}

/// Every saved revision, newest first.
#[utoipa::path(get, path = "/api/v1/incidents/{number}/postmortem/revisions", tag = "postmortems", operation_id = "list_postmortem_revisions",
    params(("number" = i64, Path, description = "The incident number")),
    responses(
        (status = 200, description = "The revisions, newest first", body = Vec<RevisionJson>),
        (status = 404, description = "No such incident, or it has no post-mortem", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn revisions(
    State(state): State<AppState>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
) -> Result<axum::Json<Vec<RevisionJson>>, ApiError> {
    let exported = Exported::load(&state, &user, number).await?;
    let revisions = store::postmortems::revisions(&state.db, exported.pm.id).await?;
    Ok(axum::Json(
        revisions
            .into_iter()
            .map(|(revision, at, by)| RevisionJson {
                revision,
                saved_at: rfc3339(at),
                saved_by: by,
            })
            .collect(),
    ))
}

/// The two revisions to compare.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CompareQuery {
    /// The older revision (default: the one before `to`).
    #[param(minimum = 1)]
    pub from: Option<i32>,
    /// The newer revision (default: the current one).
    #[param(minimum = 1)]
    pub to: Option<i32>,
}

/// One changed section.
#[derive(Debug, Serialize, ToSchema)]
pub struct SectionDiff {
    /// The section's key (`no_action_items_reason` for the reason).
    pub section: String,
    pub title: String,
    /// The line diff: each line starts with "  " (the same), "- " (removed) or "+ " (added).
    pub lines: Vec<String>,
}

/// What changed between two revisions.
#[derive(Debug, Serialize, ToSchema)]
pub struct Comparison {
    pub from: i32,
    pub to: i32,
    /// The sections that differ, in the document's order.
    pub changes: Vec<SectionDiff>,
}

/// Compares two revisions section by section.
#[utoipa::path(get, path = "/api/v1/incidents/{number}/postmortem/compare", tag = "postmortems", operation_id = "compare_postmortem_revisions",
    params(("number" = i64, Path, description = "The incident number"), CompareQuery),
    responses(
        (status = 200, description = "The sections that changed", body = Comparison),
        (status = 404, description = "No such incident, post-mortem or revision", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A revision is not a number", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn compare(
    State(state): State<AppState>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    ApiQuery(query): ApiQuery<CompareQuery>,
) -> Result<axum::Json<Comparison>, ApiError> {
    let exported = Exported::load(&state, &user, number).await?;
    let pm = &exported.pm;
    let to = query.to.unwrap_or(pm.revision);
    let from = query.from.unwrap_or((to - 1).max(1));
    let (Some(old), Some(new)) = (
        store::postmortems::revision(&state.db, pm.id, from).await?,
        store::postmortems::revision(&state.db, pm.id, to).await?,
    ) else {
        return Err(AppError::NotFound.into());
    };
    let text = |s: &Section| {
        if s.na {
            "(not applicable)".to_owned()
        } else {
            s.text.clone()
        }
    };
    let lines = |a: &str, b: &str| {
        diff(a, b)
            .into_iter()
            .map(|l| match l {
                DiffLine::Same(l) => format!("  {l}"),
                DiffLine::Removed(l) => format!("- {l}"),
                DiffLine::Added(l) => format!("+ {l}"),
            })
            .collect()
    };
    let mut changes = Vec::new();
    for (key, title) in pm.template.parts() {
        let (a, b) = (
            old.0.get(key).cloned().unwrap_or_default(),
            new.0.get(key).cloned().unwrap_or_default(),
        );
        if a != b {
            changes.push(SectionDiff {
                section: key.into(),
                title: title.into(),
                lines: lines(&text(&a), &text(&b)),
            });
        }
    }
    if old.1 != new.1 {
        changes.push(SectionDiff {
            section: "no_action_items_reason".into(),
            title: "Why no action items".into(),
            lines: lines(&old.1, &new.1),
        });
    }
    Ok(axum::Json(Comparison { from, to, changes }))
}
