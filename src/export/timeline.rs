//! An incident's timeline as Markdown, CSV and JSON. Times are UTC.

use serde_json::{Value, json};

use super::csv;
use crate::domain::incident::Incident;
use crate::domain::time::{rfc3339, utc_minutes};
use crate::domain::timeline::Entry;

fn author(e: &Entry) -> &str {
    e.author.as_deref().unwrap_or("Murphy")
}

/// A Markdown document: a heading per day, a line per entry.
pub fn markdown(incident: &Incident, entries: &[Entry]) -> String {
    let mut out = format!(
        "# {} timeline: {}\n\nTimes are UTC. ★ marks key events.\n",
        incident.reference(),
        incident.title
    );
    let mut day = None;
    for e in entries {
        if day != Some(e.day()) {
            day = Some(e.day());
            out.push_str(&format!("\n## {}\n\n", e.day()));
        }
        let time = &utc_minutes(e.occurred_at)[11..16];
        let star = if e.highlighted { "★ " } else { "" };
        let body = e.body.replace('\n', "\n  ");
        out.push_str(&format!(
            "- **{time}** {star}[{}] {} — {}\n",
            e.kind.label(),
            body,
            author(e)
        ));
    }
    out
}

/// CSV with a header row.
pub fn csv(entries: &[Entry]) -> String {
    let mut out = csv::line([
        "occurred_at",
        "recorded_at",
        "kind",
        "author",
        "highlighted",
        "automated",
        "body",
    ]);
    for e in entries {
        out.push_str(&csv::line([
            rfc3339(e.occurred_at),
            rfc3339(e.recorded_at),
            e.kind.as_str().to_owned(),
            author(e).to_owned(),
            e.highlighted.to_string(),
            e.automated.to_string(),
            e.body.clone(),
        ]));
    }
    out
}

/// One entry as JSON, as the API and the export show it.
pub fn entry_json(e: &Entry) -> Value {
    json!({
        "id": e.id,
        "kind": e.kind.as_str(),
        "occurred_at": rfc3339(e.occurred_at),
        "recorded_at": rfc3339(e.recorded_at),
        "author": e.author,
        "body": e.body,
        "detail": e.detail,
        "highlighted": e.highlighted,
        "automated": e.automated,
        "system": e.is_system(),
        "version": e.version,
        "edited_at": e.edited_at.map(rfc3339),
    })
}

/// The whole timeline as one JSON document.
pub fn json(incident: &Incident, entries: &[Entry]) -> Value {
    json!({
        "incident": incident.reference(),
        "title": incident.title,
        "entries": entries.iter().map(entry_json).collect::<Vec<_>>(),
    })
}
