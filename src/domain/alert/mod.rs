//! Alerts from monitoring: reading Alertmanager (webhook version 4) and Grafana notifications,
//! routing rules, the severity mapping, and how a group of alerts becomes an incident.

use crate::i18n::Message;
use std::collections::BTreeMap;

use serde::Deserialize;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use super::incident::Source;
use super::time::parse_rfc3339;
use super::validation::FieldErrors;

mod routing;

pub use routing::{
    Action, Matcher, Op, Route, kind_for, parse_mapping, parse_matchers, parse_route, route,
    severity_for,
};

/// The most alerts one notification may carry.
pub const MAX_ALERTS: usize = 1000;

/// Firing or resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertStatus {
    Firing,
    Resolved,
}

impl AlertStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AlertStatus::Firing => "firing",
            AlertStatus::Resolved => "resolved",
        }
    }
}

/// One alert, as either system describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertIn {
    pub fingerprint: String,
    pub status: AlertStatus,
    pub labels: BTreeMap<String, String>,
    pub annotations: BTreeMap<String, String>,
    pub starts_at: OffsetDateTime,
    /// When it stopped; `None` while firing (Alertmanager sends year 1 for that).
    pub ends_at: Option<OffsetDateTime>,
    pub generator_url: String,
}

impl AlertIn {
    /// The `alertname` label, or "Alert".
    pub fn name(&self) -> &str {
        self.labels
            .get("alertname")
            .map(String::as_str)
            .filter(|s| !s.is_empty())
            .unwrap_or("Alert")
    }

    /// The `summary` annotation, else the alert's name.
    pub fn headline(&self) -> &str {
        self.annotations
            .get("summary")
            .map(String::as_str)
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| self.name())
    }

    pub fn description(&self) -> Option<&str> {
        self.annotations
            .get("description")
            .or_else(|| self.annotations.get("message"))
            .map(String::as_str)
            .filter(|s| !s.trim().is_empty())
    }

    pub fn runbook_url(&self) -> Option<&str> {
        self.annotations
            .get("runbook_url")
            .map(String::as_str)
            .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
    }

    /// The `service` label, if any.
    pub fn service(&self) -> Option<&str> {
        self.labels
            .get("service")
            .map(|s| s.trim())
            .filter(|s| !s.is_empty() && s.chars().count() <= 100)
    }
}

#[derive(Debug, Deserialize)]
struct Notification {
    version: Option<String>,
    alerts: Option<Vec<RawAlert>>,
}

#[derive(Debug, Deserialize)]
struct RawAlert {
    status: Option<String>,
    #[serde(default)]
    labels: BTreeMap<String, String>,
    #[serde(default)]
    annotations: BTreeMap<String, String>,
    #[serde(rename = "startsAt")]
    starts_at: Option<String>,
    #[serde(rename = "endsAt")]
    ends_at: Option<String>,
    #[serde(rename = "generatorURL", default)]
    generator_url: Option<String>,
    #[serde(default)]
    fingerprint: Option<String>,
}

/// A stand-in fingerprint from the labels, for senders that give none: the same labels
/// always give the same one.
pub fn label_fingerprint(labels: &BTreeMap<String, String>) -> String {
    let mut h = Sha256::new();
    for (k, v) in labels {
        h.update(k.as_bytes());
        h.update([0xff]);
        h.update(v.as_bytes());
        h.update([0xfe]);
    }
    h.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Reads a notification body. Alertmanager's must be webhook version "4" and give each
/// alert a fingerprint; Grafana's may leave the fingerprint out (the labels make one).
/// Problems are reported per field, with the alert's index.
pub fn parse(source: Source, body: &[u8]) -> Result<Vec<AlertIn>, FieldErrors> {
    let n: Notification = serde_json::from_slice(body)
        .map_err(|e| FieldErrors::one("body", format!("The body is not a notification: {e}.")))?;
    let mut errors = FieldErrors::new();
    if source == Source::Alertmanager && n.version.as_deref() != Some("4") {
        errors.add_said(
            "version",
            Message::new("val-only-alertmanager-webhook-version-4-is"),
        );
    }
    let raw = match n.alerts {
        Some(a) if a.is_empty() => {
            errors.add_said("alerts", Message::new("val-the-notification-has-no-alerts"));
            Vec::new()
        }
        Some(a) if a.len() > MAX_ALERTS => {
            errors.add(
                "alerts",
                format!("A notification may carry at most {MAX_ALERTS} alerts."),
            );
            Vec::new()
        }
        Some(a) => a,
        None => {
            errors.add_said(
                "alerts",
                Message::new("val-the-notification-has-no-alerts-list"),
            );
            Vec::new()
        }
    };
    let mut alerts = Vec::new();
    for (i, a) in raw.into_iter().enumerate() {
        let field = |k: &str| format!("alerts[{i}].{k}");
        let status = match a.status.as_deref() {
            Some("firing") => Some(AlertStatus::Firing),
            Some("resolved") => Some(AlertStatus::Resolved),
            _ => {
                errors.add(
                    &field("status"),
                    "The status is \"firing\" or \"resolved\".",
                );
                None
            }
        };
        let starts_at = match a.starts_at.as_deref().map(parse_rfc3339) {
            Some(Ok(t)) => Some(t),
            _ => {
                errors.add(&field("startsAt"), "startsAt is an RFC 3339 time.");
                None
            }
        };
        let ends_at = match a.ends_at.as_deref().filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => match parse_rfc3339(s) {
                // Alertmanager's "not ended": 0001-01-01T00:00:00Z.
                Ok(t) if t.year() <= 1 => None,
                Ok(t) => Some(t),
                Err(_) => {
                    errors.add(&field("endsAt"), "endsAt is an RFC 3339 time.");
                    None
                }
            },
        };
        let fingerprint = match a.fingerprint.map(|f| f.trim().to_owned()) {
            Some(f) if !f.is_empty() && f.len() <= 200 => Some(f),
            Some(f) if f.len() > 200 => {
                errors.add(&field("fingerprint"), "The fingerprint is too long.");
                None
            }
            _ if source == Source::Grafana => Some(label_fingerprint(&a.labels)),
            _ => {
                errors.add(&field("fingerprint"), "Each alert needs its fingerprint.");
                None
            }
        };
        if let (Some(status), Some(starts_at), Some(fingerprint)) = (status, starts_at, fingerprint)
        {
            alerts.push(AlertIn {
                fingerprint,
                status,
                labels: a.labels,
                annotations: a.annotations,
                starts_at,
                ends_at,
                generator_url: a
                    .generator_url
                    .unwrap_or_default()
                    .chars()
                    .take(2000)
                    .collect(),
            });
        }
    }
    errors.finish(|| alerts)
}

/// SHA-256 of a body, to recognise the same notification delivered again.
pub fn digest(sender: &[u8], body: &[u8]) -> Vec<u8> {
    let mut hash = Sha256::new();
    hash.update(sender);
    hash.update(b"\n");
    hash.update(body);
    hash.finalize().to_vec()
}

/// The title of an incident opened for `alerts` (at least one): the first alert's summary,
/// and how many more came with it.
pub fn title(alerts: &[&AlertIn]) -> String {
    let first = alerts.first().map(|a| a.headline()).unwrap_or("Alert");
    let mut t: String = first.chars().take(180).collect();
    if alerts.len() > 1 {
        t.push_str(&format!(" (+{} more)", alerts.len() - 1));
    }
    t
}

/// The incident's summary: each alert, its description, labels and source link.
pub fn summary(alerts: &[&AlertIn]) -> String {
    let mut out = String::new();
    for a in alerts {
        out.push_str(&format!("- **{}**", a.name()));
        if let Some(d) = a.description() {
            out.push_str(&format!(": {d}"));
        } else if a.headline() != a.name() {
            out.push_str(&format!(": {}", a.headline()));
        }
        let labels: Vec<String> = a
            .labels
            .iter()
            .filter(|(k, _)| k.as_str() != "alertname")
            .map(|(k, v)| format!("`{k}={v}`"))
            .collect();
        if !labels.is_empty() {
            out.push_str(&format!(" ({})", labels.join(" ")));
        }
        if a.generator_url.starts_with("http") {
            out.push_str(&format!(" [source]({})", a.generator_url));
        }
        out.push('\n');
    }
    out.chars().take(19_000).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const AM: &str = r#"{"version":"4","groupKey":"{}:{alertname=\"HighErrorRate\"}","status":"firing",
      "receiver":"murphy","alerts":[{"status":"firing",
      "labels":{"alertname":"HighErrorRate","severity":"critical","service":"checkout"},
      "annotations":{"summary":"Checkout 5xx above 5%","runbook_url":"https://runbooks.example/5xx"},
      "startsAt":"2026-11-26T10:00:00Z","endsAt":"0001-01-01T00:00:00Z",
      "generatorURL":"http://prometheus/graph","fingerprint":"abc123"}]}"#;

    #[test]
    fn reads_alertmanager_version_four() {
        let alerts = parse(Source::Alertmanager, AM.as_bytes()).unwrap();
        assert_eq!(alerts.len(), 1);
        let a = &alerts[0];
        assert_eq!(a.fingerprint, "abc123");
        assert_eq!(a.status, AlertStatus::Firing);
        assert_eq!(a.ends_at, None);
        assert_eq!(a.headline(), "Checkout 5xx above 5%");
        assert_eq!(a.service(), Some("checkout"));
        assert_eq!(a.runbook_url(), Some("https://runbooks.example/5xx"));
    }

    #[test]
    fn malformed_notifications_name_the_fields() {
        let e = parse(Source::Alertmanager, b"[1,2]").unwrap_err();
        assert!(
            e.get("body")
                .unwrap()
                .starts_with("The body is not a notification")
        );
        let e = parse(
            Source::Alertmanager,
            br#"{"version":"3","alerts":[{"status":"burning","startsAt":"yesterday"}]}"#,
        )
        .unwrap_err();
        assert_eq!(
            e.get("version"),
            Some("Only Alertmanager webhook version \"4\" is understood.")
        );
        assert_eq!(
            e.get("alerts[0].status"),
            Some("The status is \"firing\" or \"resolved\".")
        );
        assert_eq!(
            e.get("alerts[0].startsAt"),
            Some("startsAt is an RFC 3339 time.")
        );
        assert_eq!(
            e.get("alerts[0].fingerprint"),
            Some("Each alert needs its fingerprint.")
        );
        let e = parse(Source::Grafana, br#"{"alerts":[]}"#).unwrap_err();
        assert_eq!(e.get("alerts"), Some("The notification has no alerts."));
    }

    #[test]
    fn grafana_alerts_without_fingerprints_get_one_from_their_labels() {
        let body = br#"{"version":"1","alerts":[{"status":"firing","labels":{"alertname":"Disk","host":"a"},
            "startsAt":"2026-11-26T10:00:00+01:00"}]}"#;
        let a = parse(Source::Grafana, body).unwrap();
        let again = parse(Source::Grafana, body).unwrap();
        assert_eq!(a[0].fingerprint.len(), 16);
        assert_eq!(a[0].fingerprint, again[0].fingerprint);
    }
}
