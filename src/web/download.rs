//! Files people download: exports of incidents, timelines, post-mortems and reports.

use axum::http::header;
use axum::response::{IntoResponse, Response};

/// A download: its type and the file name browsers save it under.
pub fn attachment(content_type: &str, name: &str, body: impl IntoResponse) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// A PDF of `markdown`, typeset off the async threads.
pub async fn pdf(name: &str, markdown: String) -> crate::error::Result<Response> {
    let pdf = tokio::task::spawn_blocking(move || crate::export::pdf::from_markdown(&markdown))
        .await
        .map_err(anyhow::Error::from)?;
    Ok(attachment("application/pdf", name, pdf))
}
