//! Webhooks out: which events there are, what each delivery says, how it is signed, and when
//! a failed one is tried again.

use crate::i18n::Message;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Value, json};
use sha2::Sha256;
use time::{Duration, OffsetDateTime};

mod tracker;

pub use tracker::{IssueRef, created_issue, issue_changed, tracker_body, tracker_signed};

use crate::domain::destination::host_of;
use crate::domain::incident::Incident;
use crate::domain::time::rfc3339;
use crate::domain::validation::{FieldErrors, text};

/// Something other systems may want to hear about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    IncidentCreated,
    StatusChanged,
    SeverityChanged,
    RoleAssigned,
    UpdatePublished,
    PostmortemPublished,
    /// A post-mortem's action item was added (without a tracker link): trackers make an
    /// issue of it.
    ActionItemCreated,
}

impl Event {
    pub const ALL: [Event; 7] = [
        Event::IncidentCreated,
        Event::StatusChanged,
        Event::SeverityChanged,
        Event::RoleAssigned,
        Event::UpdatePublished,
        Event::PostmortemPublished,
        Event::ActionItemCreated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Event::IncidentCreated => "incident.created",
            Event::StatusChanged => "incident.status_changed",
            Event::SeverityChanged => "incident.severity_changed",
            Event::RoleAssigned => "incident.role_assigned",
            Event::UpdatePublished => "incident.update_published",
            Event::PostmortemPublished => "postmortem.published",
            Event::ActionItemCreated => "action_item.created",
        }
    }

    /// The event's name in the catalogue: `webhook-event-` and its wire name with dashes.
    pub fn key(self) -> &'static str {
        match self {
            Event::IncidentCreated => "webhook-event-incident-created",
            Event::StatusChanged => "webhook-event-status-changed",
            Event::SeverityChanged => "webhook-event-severity-changed",
            Event::RoleAssigned => "webhook-event-role-assigned",
            Event::UpdatePublished => "webhook-event-update-published",
            Event::PostmortemPublished => "webhook-event-postmortem-published",
            Event::ActionItemCreated => "webhook-event-action-item-created",
        }
    }

    pub fn parse(s: &str) -> Option<Event> {
        Event::ALL.into_iter().find(|e| e.as_str() == s)
    }
}

/// How a delivery's body is shaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The event as JSON (see [`payload`]).
    Murphy,
    /// `{"text": "..."}`, which Slack's and compatible chat webhooks accept.
    Slack,
    /// An issue tracker's "create an issue" API: the body it takes, the token it wants.
    Github,
    Gitlab,
    Jira,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Murphy => "murphy",
            Format::Slack => "slack",
            Format::Github => "github",
            Format::Gitlab => "gitlab",
            Format::Jira => "jira",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "murphy" => Some(Format::Murphy),
            "slack" => Some(Format::Slack),
            "github" => Some(Format::Github),
            "gitlab" => Some(Format::Gitlab),
            "jira" => Some(Format::Jira),
            _ => None,
        }
    }

    /// Whether it is an issue tracker's API.
    pub fn is_tracker(self) -> bool {
        matches!(self, Format::Github | Format::Gitlab | Format::Jira)
    }

    /// The tracker's name, for pages.
    pub fn tracker_name(self) -> &'static str {
        match self {
            Format::Github => "GitHub",
            Format::Gitlab => "GitLab",
            Format::Jira => "Jira",
            Format::Murphy | Format::Slack => "",
        }
    }
}

/// A registered receiver.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    pub id: super::ids::WebhookId,
    pub name: String,
    pub url: String,
    pub events: Vec<String>,
    pub format: Format,
    pub active: bool,
    pub version: i32,
    pub created_at: OffsetDateTime,
    /// Jira's project key (trackers only).
    pub project: String,
    /// Whether a tracker token is saved (it is never shown).
    pub has_token: bool,
    /// Deliveries waiting, delivered and given up on.
    pub pending: i64,
    pub delivered: i64,
    pub failed: i64,
}

impl Webhook {
    pub fn wants(&self, e: &Event) -> bool {
        self.events.iter().any(|x| x == e.as_str())
    }
}

/// A webhook's fields, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookFields {
    pub name: String,
    pub url: String,
    pub events: Vec<Event>,
    pub format: Format,
    pub active: bool,
    /// A tracker's API token; empty keeps the one saved.
    pub token: String,
    /// Jira's project key.
    pub project: String,
}

impl WebhookFields {
    pub fn parse(
        name: &str,
        url: &str,
        events: &[String],
        format: &str,
        active: bool,
        token: &str,
        project: &str,
    ) -> Result<WebhookFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = text(&mut errors, "name", "Name", name, true, 100);
        let url = text(&mut errors, "url", "URL", url, true, 2000);
        let web = url.starts_with("https://") || url.starts_with("http://");
        if !url.is_empty() && !web {
            errors.add_said("url", Message::new("val-the-url-starts-with-https-or"));
        } else if !url.is_empty() && host_of(&url).is_none() {
            errors.add_said("url", Message::new("val-the-url-needs-a-host-webhook"));
        }
        let mut chosen = Vec::new();
        for e in events {
            match Event::parse(e) {
                Some(ev) if !chosen.contains(&ev) => chosen.push(ev),
                Some(_) => {}
                None => errors.add("events", format!("\"{e}\" is not an event.")),
            }
        }
        if chosen.is_empty() && errors.get("events").is_none() {
            errors.add_said("events", Message::new("val-choose-at-least-one-event"));
        }
        let format = Format::parse(format).unwrap_or_else(|| {
            errors.add_said(
                "format",
                Message::new("val-choose-murphy-json-slack-compatible-github"),
            );
            Format::Murphy
        });
        let token = text(&mut errors, "token", "The token", token, false, 500);
        let project = text(
            &mut errors,
            "project",
            "The project key",
            project,
            false,
            100,
        );
        if format == Format::Jira && project.is_empty() {
            errors.add_said("project", Message::new("val-jira-needs-the-key-of-the"));
        }
        if format.is_tracker() && chosen.iter().any(|e| *e != Event::ActionItemCreated) {
            errors.add_said("events", Message::new("val-an-issue-tracker-hears-only-of"));
        }
        errors.finish(|| WebhookFields {
            name,
            url,
            events: chosen,
            format,
            active,
            token,
            project,
        })
    }
}

/// What an event says about its incident.
pub fn incident_json(i: &Incident, base_url: &str) -> Value {
    json!({
        "number": i.number,
        "reference": i.reference(),
        "title": i.title,
        "severity": i.severity.as_str(),
        "status": i.status.as_str(),
        "kind": i.kind.as_str(),
        "services": i.services,
        "restricted": i.restricted,
        "url": format!("{base_url}/incidents/{}", i.number),
    })
}

/// The body of a Murphy-format delivery: the event, when, the incident, one sentence, and
/// the event's own details.
pub fn payload(
    event: Event,
    incident: &Incident,
    summary: &str,
    data: Value,
    at: OffsetDateTime,
    base_url: &str,
) -> Value {
    json!({
        "event": event.as_str(),
        "occurred_at": rfc3339(at),
        "summary": summary,
        "incident": incident_json(incident, base_url),
        "data": data,
    })
}

/// The Slack-compatible body for a Murphy payload.
pub fn slack_body(payload: &Value) -> Value {
    let summary = payload["summary"].as_str().unwrap_or_default();
    let incident = &payload["incident"];
    let reference = incident["reference"].as_str().unwrap_or_default();
    let title = incident["title"].as_str().unwrap_or_default();
    let url = incident["url"].as_str().unwrap_or_default();
    let severity = incident["severity"].as_str().unwrap_or_default();
    let link = if url.starts_with("http") {
        format!("<{url}|{reference}>")
    } else {
        reference.to_owned()
    };
    json!({"text": format!("{link} {title} ({severity}): {summary}")})
}

/// `sha256=<hex>` of HMAC-SHA256 over `"{timestamp}.{body}"`, the value of the
/// `Murphy-Signature` header. Receivers recompute it with the shared secret and compare,
/// and reject old timestamps to stop replays.
pub fn signature(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    let bytes = mac.finalize().into_bytes();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}

/// Tries before a delivery is given up on.
pub const MAX_ATTEMPTS: i32 = 8;

/// When to try again after `attempts` failures: `base` doubled each time (base, 2×, 4×, …),
/// at most six hours; `None` once the attempts are used up.
pub fn next_attempt(attempts: i32, base: Duration, now: OffsetDateTime) -> Option<OffsetDateTime> {
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    let factor = 2f64.powi((attempts - 1).max(0));
    let wait = (base * factor).min(Duration::hours(6));
    Some(now + wait)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    /// The signature a receiver checks, against a digest computed outside Murphy, once:
    /// `printf '%s' '1764500000.{"event":"incident.created","incident":{"number":7}}' |
    /// openssl dgst -sha256 -hmac whsec_known_answer`.
    #[test]
    fn the_signature_is_hmac_sha256_of_timestamp_dot_body() {
        let body = br#"{"event":"incident.created","incident":{"number":7}}"#;
        assert_eq!(
            signature("whsec_known_answer", 1_764_500_000, body),
            "sha256=e64dc6a0854f4d0c4936aef9c266e5e8393c402d2ef5201ec5eb6506eac09b0b"
        );
    }

    #[test]
    fn every_event_has_a_name_in_each_language() {
        for lang in crate::i18n::Lang::ALL {
            for e in Event::ALL {
                assert!(
                    lang.lookup(e.key(), &[]).is_some(),
                    "{} in {lang:?}",
                    e.key()
                );
            }
        }
    }

    #[test]
    fn signatures_are_hmac_sha256_over_timestamp_and_body() {
        // RFC 4231 test case 2 shape: key "Jefe"; the message here is "1700000000.{}".
        let sig = signature("Jefe", 1_700_000_000, b"{}");
        assert!(sig.starts_with("sha256="));
        assert_eq!(sig.len(), 7 + 64);
        assert_eq!(sig, signature("Jefe", 1_700_000_000, b"{}"));
        assert_ne!(sig, signature("Jefe", 1_700_000_001, b"{}"));
        assert_ne!(sig, signature("jefe", 1_700_000_000, b"{}"));
        // Known answer: HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog").
        let mut mac = Hmac::<Sha256>::new_from_slice(b"key").unwrap();
        mac.update(b"The quick brown fox jumps over the lazy dog");
        let hex: String = mac
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            hex,
            "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
        );
    }

    #[test]
    fn retries_back_off_then_stop() {
        let now = datetime!(2026-11-26 12:00 UTC);
        let base = Duration::seconds(10);
        assert_eq!(
            next_attempt(1, base, now),
            Some(now + Duration::seconds(10))
        );
        assert_eq!(
            next_attempt(2, base, now),
            Some(now + Duration::seconds(20))
        );
        assert_eq!(
            next_attempt(4, base, now),
            Some(now + Duration::seconds(80))
        );
        assert_eq!(
            next_attempt(7, Duration::hours(1), now),
            Some(now + Duration::hours(6))
        );
        assert_eq!(next_attempt(MAX_ATTEMPTS, base, now), None);
    }

    #[test]
    fn fields_are_checked() {
        let e = WebhookFields::parse(
            "",
            "ftp://x",
            &["incident.exploded".into()],
            "xml",
            true,
            "",
            "",
        )
        .unwrap_err();
        assert_eq!(e.get("name"), Some("Name is required."));
        assert_eq!(
            e.get("url"),
            Some("The URL starts with https:// (or http://).")
        );
        assert_eq!(
            e.get("events"),
            Some("\"incident.exploded\" is not an event.")
        );
        assert_eq!(
            e.get("format"),
            Some("Choose Murphy JSON, Slack-compatible, GitHub, GitLab or Jira.")
        );
        let e = WebhookFields::parse("x", "https://", &[], "murphy", true, "", "").unwrap_err();
        assert!(e.get("url").is_some());
        assert_eq!(e.get("events"), Some("Choose at least one event."));
        let ok = WebhookFields::parse(
            "Chat",
            "https://hooks.example.com/x",
            &["incident.created".into(), "incident.created".into()],
            "slack",
            true,
            "",
            "",
        )
        .unwrap();
        assert_eq!(ok.events, [Event::IncidentCreated]);
        assert_eq!(ok.format, Format::Slack);
        let e = WebhookFields::parse(
            "Jira",
            "https://x.atlassian.net/rest/api/2/issue",
            &["incident.created".into()],
            "jira",
            true,
            "t",
            "",
        )
        .unwrap_err();
        assert!(e.get("project").is_some());
        assert!(e.get("events").unwrap().contains("action items added"));
    }
}
