//! The incident list as CSV or Markdown, one row at a time so that it can stream.

use crate::domain::incident::Incident;
use crate::domain::time::rfc3339;
use crate::i18n::Lang;

use super::csv::line;

const COLUMNS: [&str; 17] = [
    "reference",
    "title",
    "severity",
    "status",
    "kind",
    "services",
    "source",
    "restricted",
    "impact_started_at",
    "detected_at",
    "acknowledged_at",
    "mitigated_at",
    "resolved_at",
    "closed_at",
    "created_at",
    "summary",
    "customer_impact",
];

fn time(at: Option<time::OffsetDateTime>) -> String {
    at.map(rfc3339).unwrap_or_default()
}

/// The CSV header line.
pub fn csv_header() -> String {
    line(COLUMNS)
}

/// One incident as a CSV line; times in RFC 3339 UTC, services separated by "; ".
pub fn csv_row(i: &Incident) -> String {
    let m = &i.milestones;
    line([
        i.reference(),
        i.title.clone(),
        i.severity.as_str().to_owned(),
        i.status.as_str().to_owned(),
        i.kind.as_str().to_owned(),
        i.services.join("; "),
        i.source.as_str().to_owned(),
        i.restricted.to_string(),
        rfc3339(m.impact_started_at),
        time(m.detected_at),
        time(m.acknowledged_at),
        time(m.mitigated_at),
        time(m.resolved_at),
        time(m.closed_at),
        rfc3339(i.created_at),
        i.summary.clone(),
        i.customer_impact.clone(),
    ])
}

/// Text for a Markdown table cell: one line, pipes escaped.
fn cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
}

/// The Markdown document's start: a title, what it holds, and the table header.
pub fn markdown_header(description: &str, lang: Lang) -> String {
    let columns = [
        "incidents-col-incident",
        "incidents-col-title",
        "incidents-col-severity",
        "incidents-col-status",
        "incidents-col-kind",
        "incidents-col-services",
        "incidents-col-started-utc",
        "incidents-col-resolved-utc",
    ]
    .map(|key| lang.t(key))
    .join(" | ");
    format!(
        "# {}\n\n{description}\n\n| {columns} |\n|---|---|---|---|---|---|---|---|\n",
        lang.t("nav-incidents")
    )
}

/// One incident as a Markdown table row.
pub fn markdown_row(i: &Incident, lang: Lang) -> String {
    let short = |at: Option<time::OffsetDateTime>| {
        at.map(crate::domain::time::utc_minutes).unwrap_or_default()
    };
    format!(
        "| {} | {} | {} | {} | {} | {} | {} | {} |\n",
        i.reference(),
        cell(&i.title),
        i.severity.as_str(),
        lang.tk("status-", i.status.as_str()),
        lang.tk("kind-", i.kind.as_str()),
        cell(&i.services.join(", ")),
        short(Some(i.milestones.impact_started_at)),
        short(i.milestones.resolved_at),
    )
}
