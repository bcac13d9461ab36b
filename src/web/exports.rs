//! `/incidents/export`: the incident list, with the list's filters, as CSV, JSON or Markdown
//! streamed row by row from the database (memory stays flat however many incidents match),
//! or as PDF for the first few thousand.

use axum::Extension;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::response::Response;
use axum_extra::extract::Query;
use serde::Deserialize;
use time::OffsetDateTime;

use super::auth::CurrentUser;
use super::download::attachment;
use super::forms::ListQuery;
use super::routes::Routes;
use crate::AppState;
use crate::domain::filter::IncidentFilter;
use crate::domain::incident::{Incident, Visibility};
use crate::domain::person::Access;
use crate::error::{AppError, Result};
use crate::export;
use crate::i18n::Lang;
use crate::store;

pub fn routes() -> Routes {
    Routes::new().get("/incidents/export", Access::VIEWER, download)
}

/// A PDF is for reading: it holds at most this many incidents and says so.
pub const PDF_LIMIT: i64 = 2_000;

/// Rows are sent in chunks of about this many bytes.
const CHUNK: usize = 64 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Json,
    /// For reading: headings and words in the reader's language.
    Markdown(Lang),
}

impl Format {
    fn start(self, description: &str) -> String {
        match self {
            Format::Csv => export::incidents::csv_header(),
            Format::Json => "[".into(),
            Format::Markdown(lang) => export::incidents::markdown_header(description, lang),
        }
    }

    fn row(self, i: &Incident, first: bool) -> String {
        match self {
            Format::Csv => export::incidents::csv_row(i),
            Format::Json => {
                let json = serde_json::to_string(&super::api::incidents::IncidentJson::from(i))
                    .unwrap_or_default();
                format!("{}\n{json}", if first { "" } else { "," })
            }
            Format::Markdown(lang) => export::incidents::markdown_row(i, lang),
        }
    }

    fn end(self, rows: u64) -> String {
        match self {
            Format::Csv => String::new(),
            Format::Json => "\n]\n".into(),
            Format::Markdown(lang) => format!(
                "\n{}\n",
                lang.t1(
                    "export-incidents-count",
                    "count",
                    i64::try_from(rows).unwrap_or(i64::MAX)
                )
            ),
        }
    }
}

#[derive(Debug, Deserialize)]
struct FormatQuery {
    #[serde(default)]
    format: String,
}

/// What the filters select, in words, for the document's heading (the filters as the
/// address names them).
fn describe(query: &ListQuery, lang: Lang) -> String {
    let list: Vec<String> = query
        .filter_pairs()
        .iter()
        .filter(|(k, _)| *k != "limit")
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    if list.is_empty() {
        lang.t("export-incidents-every")
    } else {
        lang.t1("export-incidents-matching", "filters", list.join(", "))
    }
}

async fn download(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Query(format): Query<FormatQuery>,
    Query(query): Query<ListQuery>,
) -> Result<Response> {
    let (mut filter, _, _) = query.parse().map_err(AppError::Validation)?;
    state
        .copies
        .canonicalise(&state.db, &mut filter.service)
        .await?;
    let stamp = OffsetDateTime::now_utc().date();
    let description = describe(&query, lang);
    let (format, content_type, ext) = match format.format.as_str() {
        "csv" | "" => (Format::Csv, "text/csv; charset=utf-8", "csv"),
        "json" => (Format::Json, "application/json", "json"),
        "md" | "markdown" => (Format::Markdown(lang), "text/markdown; charset=utf-8", "md"),
        "pdf" => return pdf(&state, &filter, user.visibility(), &description, lang).await,
        other => {
            return Err(AppError::BadRequest(format!(
                "\"{other}\" is not an export format; use csv, json, md or pdf."
            )));
        }
    };
    let body = stream(state, filter, user.visibility(), format, description);
    Ok(attachment(
        content_type,
        &format!("murphy-incidents-{stamp}.{ext}"),
        body,
    ))
}

/// Streams the rows from a task that reads them from the database as the client takes them:
/// at most a few chunks are ever held in memory. A database error mid-way ends the body
/// early, which the client sees as a failed download rather than a silently short file.
fn stream(
    state: AppState,
    filter: IncidentFilter,
    viewer: Visibility,
    format: Format,
    description: String,
) -> Body {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<std::io::Result<Bytes>>(4);
    tokio::spawn(async move {
        let mut buf = format.start(&description);
        let mut count: u64 = 0;
        let read = store::incident_list::export_each(&state.db, &filter, viewer, |incident| {
            buf.push_str(&format.row(&incident, count == 0));
            count += 1;
            let full =
                (buf.len() >= CHUNK).then(|| (Bytes::from(std::mem::take(&mut buf)), tx.clone()));
            async move {
                match full {
                    // False when the client went away.
                    Some((chunk, tx)) => tx.send(Ok(chunk)).await.is_ok(),
                    None => true,
                }
            }
        })
        .await;
        if let Err(e) = read {
            tracing::error!(error = %e, "export query failed");
            let _ = tx.send(Err(std::io::Error::other("export failed"))).await;
            return;
        }
        buf.push_str(&format.end(count));
        let _ = tx.send(Ok(Bytes::from(buf))).await;
    });
    Body::from_stream(futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx)))
}

async fn pdf(
    state: &AppState,
    filter: &IncidentFilter,
    viewer: Visibility,
    description: &str,
    lang: Lang,
) -> Result<Response> {
    let rows = store::incident_list::export_list(&state.db, filter, viewer, PDF_LIMIT + 1).await?;
    let mut markdown = format!("# {}\n\n", lang.t("nav-incidents"));
    markdown.push_str(description);
    markdown.push_str("\n\n");
    for i in rows.iter().take(PDF_LIMIT as usize) {
        let m = &i.milestones;
        let at = crate::domain::time::utc_minutes;
        markdown.push_str(&format!(
            "## {} {}\n\n{} · {} · {} · {}{}{}\n\n",
            i.reference(),
            i.title,
            i.severity.as_str(),
            lang.tk("status-", i.status.as_str()),
            lang.tk("kind-", i.kind.as_str()),
            lang.t1(
                "export-incidents-impact-started",
                "at",
                at(m.impact_started_at)
            ),
            m.resolved_at
                .map(|r| format!(
                    " · {}",
                    lang.t1("export-incidents-resolved-at", "at", at(r))
                ))
                .unwrap_or_default(),
            if i.services.is_empty() {
                String::new()
            } else {
                format!(" · {}", i.services.join(", "))
            },
        ));
    }
    if rows.len() as i64 > PDF_LIMIT {
        markdown.push_str(&lang.t1("export-incidents-pdf-limit", "count", PDF_LIMIT));
        markdown.push('\n');
    }
    let stamp = OffsetDateTime::now_utc().date();
    crate::web::download::pdf(&format!("murphy-incidents-{stamp}.pdf"), markdown).await
}
