//! Rows in PostgreSQL's COPY text format, gathered per table for one batch.

use time::OffsetDateTime;

/// The rows of one batch, in COPY text format per table.
#[derive(Default)]
pub(super) struct Batch {
    pub(super) incidents: String,
    pub(super) services: String,
    pub(super) roles: String,
    pub(super) timeline: String,
    pub(super) updates: String,
    pub(super) postmortems: String,
    pub(super) revisions: String,
    pub(super) tags: String,
    pub(super) actions: String,
}

impl Batch {
    /// Each table with the columns its rows hold, in the order they must be loaded.
    pub(super) fn tables(&self) -> [(&'static str, &'static str, &[u8]); 9] {
        [
            (
                "incident",
                "id, number, title, summary, kind, severity, status, customer_impact, source, \
                 impact_started_at, detected_at, acknowledged_at, mitigated_at, resolved_at, \
                 closed_at, version, created_at, updated_at, restricted, created_by, \
                 runbook_url, service_names",
                self.incidents.as_bytes(),
            ),
            (
                "incident_service",
                "incident_id, service_id, impact",
                self.services.as_bytes(),
            ),
            (
                "role_assignment",
                "id, incident_id, role, under, person_id, assumed_at, relieved_at, note, \
                 assigned_by",
                self.roles.as_bytes(),
            ),
            (
                "timeline_entry",
                "id, incident_id, kind, occurred_at, recorded_at, author_id, body, detail, \
                 highlighted, automated, version, edited_at",
                self.timeline.as_bytes(),
            ),
            (
                "status_update",
                "id, incident_id, author_id, audience, status, impact, next_update_at, \
                 published_at",
                self.updates.as_bytes(),
            ),
            (
                "postmortem",
                "id, incident_id, state, sections, no_actions_reason, revision, created_by, \
                 created_at, updated_at, published_at, published_by, detection_source",
                self.postmortems.as_bytes(),
            ),
            (
                "postmortem_revision",
                "id, postmortem_id, revision, sections, no_actions_reason, saved_by, saved_at",
                self.revisions.as_bytes(),
            ),
            (
                "postmortem_tag",
                "postmortem_id, tag_id",
                self.tags.as_bytes(),
            ),
            (
                "action_item",
                "id, postmortem_id, incident_id, title, owner_id, due_on, priority, kind, \
                 status, tracker_url, version, created_at, updated_at",
                self.actions.as_bytes(),
            ),
        ]
    }
}

/// COPY text format: tabs, newlines and backslashes escaped.
pub(super) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

pub(super) fn ts(at: OffsetDateTime) -> String {
    crate::domain::time::rfc3339(at)
}

pub(super) fn opt_ts(at: Option<OffsetDateTime>) -> String {
    at.map_or_else(|| "\\N".to_owned(), ts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_text_escapes_separators() {
        assert_eq!(esc("a\tb\nc\\d"), "a\\tb\\nc\\\\d");
    }
}
