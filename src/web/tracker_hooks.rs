//! `POST /hooks/trackers/{github,gitlab,jira}`: an issue tracker saying an issue closed or
//! reopened. The tracker signs what it sends with the secret of Murphy's webhook for it
//! (GitHub and Jira: `X-Hub-Signature-256` or `X-Hub-Signature`, an HMAC of the body;
//! GitLab: `X-Gitlab-Token`, the secret itself); the action items linked to the issue are
//! marked done, or open again.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::routes::Routes;
use crate::AppState;
use crate::app;
use crate::domain::person::Access;
use crate::domain::webhook::{Format, IssueRef, issue_changed, tracker_signed};
use crate::error::{ApiError, AppError};
use crate::store;

pub fn routes() -> Routes {
    Routes::new().post("/hooks/trackers/{tracker}", Access::ByLink, tracker)
}

/// A Jira key as Jira writes them: letters and digits, a dash, digits.
fn jira_key(key: &str) -> bool {
    let Some((project, number)) = key.split_once('-') else {
        return false;
    };
    !project.is_empty()
        && project.len() <= 50
        && project
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !number.is_empty()
        && number.len() <= 12
        && number.chars().all(|c| c.is_ascii_digit())
}

async fn tracker(
    State(state): State<AppState>,
    Path(tracker): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let format = match tracker.as_str() {
        "github" => Format::Github,
        "gitlab" => Format::Gitlab,
        "jira" => Format::Jira,
        _ => return Err(AppError::NotFound.into()),
    };
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    };
    let signature = match format {
        Format::Gitlab => header("x-gitlab-token"),
        _ if !header("x-hub-signature-256").is_empty() => header("x-hub-signature-256"),
        _ => header("x-hub-signature"),
    };
    let secrets = store::webhooks::tracker_secrets(&state.db, format).await?;
    if !secrets
        .iter()
        .any(|s| tracker_signed(format, s, signature, &body))
    {
        return Err(AppError::Refused(
            StatusCode::UNAUTHORIZED,
            format!(
                "The signature does not match the secret of any active {} webhook.",
                format.tracker_name()
            ),
        )
        .into());
    }
    let value: serde_json::Value = serde_json::from_slice(&body)
        .map_err(|_| AppError::BadRequest("The body is not JSON.".into()))?;
    let Some((issue, closed)) = issue_changed(format, &value) else {
        // Something else happened to an issue (a comment, a label): nothing to do.
        return Ok(axum::Json(json!({"changed": []})).into_response());
    };
    if let IssueRef::JiraKey(k) = &issue
        && !jira_key(k)
    {
        return Err(AppError::BadRequest(format!("\"{k}\" is not a Jira issue key.")).into());
    }
    let changed =
        app::action_items::issue_changed(&state.ctx(), format.tracker_name(), &issue, closed)
            .await?;
    Ok(axum::Json(json!({"changed": changed})).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jira_keys_are_checked() {
        assert!(jira_key("OPS-12"));
        assert!(!jira_key("OPS-%"));
        assert!(!jira_key("-1"));
        assert!(!jira_key("OPS"));
    }
}
