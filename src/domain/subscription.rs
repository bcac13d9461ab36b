//! Subscriptions to the public status page: how a request to subscribe is read, and what a
//! notice to subscribers carries.

use time::OffsetDateTime;

use super::destination::{Destinations, Host, host_of};
use super::ids::ServiceId;
use super::incident::{Severity, Status};
use super::maintenance::MaintenanceState;
use super::status::{ComponentState, incident_impact, incident_status};
use super::time::{rfc3339, utc_minutes};
use super::validation::{FieldErrors, is_address, text};
use crate::i18n::Message;

/// How a subscriber hears from the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Email,
    Webhook,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Webhook => "webhook",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        match s.trim() {
            "email" => Some(Channel::Email),
            "webhook" => Some(Channel::Webhook),
            _ => None,
        }
    }
}

/// What the public components a subscriber hears of: all, or the chosen ones.
pub fn choose_components(
    errors: &mut FieldErrors,
    everything: bool,
    chosen: &[String],
    public: &[ServiceId],
) -> Vec<ServiceId> {
    if everything {
        return Vec::new();
    }
    let mut picked = Vec::new();
    for id in chosen {
        match id.trim().parse::<uuid::Uuid>().map(ServiceId) {
            Ok(id) if public.contains(&id) => {
                if !picked.contains(&id) {
                    picked.push(id);
                }
            }
            _ => {
                errors.add_said(
                    "components",
                    Message::new("val-choose-components-listed-on-this-page"),
                );
                return Vec::new();
            }
        }
    }
    if picked.is_empty() {
        errors.add_said(
            "components",
            Message::new("val-choose-at-least-one-component-or"),
        );
    }
    picked
}

/// A request to subscribe, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscribe {
    pub channel: Channel,
    /// The email address (lowercased) or the webhook's URL.
    pub address: String,
    /// The chosen public components; empty for all of them.
    pub components: Vec<ServiceId>,
}

impl Subscribe {
    /// Reads the form: `channel` is "email" or "webhook"; a webhook's URL must be a web
    /// address that subscribers may reach (`allowed`).
    pub fn parse(
        channel: &str,
        address: &str,
        everything: bool,
        chosen: &[String],
        public: &[ServiceId],
        allowed: &Destinations,
    ) -> Result<Subscribe, FieldErrors> {
        let mut errors = FieldErrors::new();
        let channel = Channel::parse(channel).unwrap_or(Channel::Email);
        let address = match channel {
            Channel::Email => {
                let email = text(&mut errors, "email", "Email", address, true, 320);
                if !email.is_empty() && !is_address(&email) {
                    errors.add_said("email", Message::new("val-give-an-email-address-such-as"));
                }
                email.to_lowercase()
            }
            Channel::Webhook => {
                let url = text(&mut errors, "url", "URL", address, true, 2000);
                let web = url.starts_with("https://") || url.starts_with("http://");
                if !url.is_empty() && !web {
                    errors.add_said("url", Message::new("val-the-url-starts-with-https-or"));
                } else if !url.is_empty() {
                    match host_of(&url) {
                        None => {
                            errors.add_said("url", Message::new("val-the-url-needs-a-host-such"))
                        }
                        Some((Host::Ip(ip), _)) if allowed.check_ip(ip).is_err() => errors
                            .add_said("url", Message::new("val-the-url-points-inside-a-private")),
                        Some(_) => {}
                    }
                }
                url
            }
        };
        let components = choose_components(&mut errors, everything, chosen, public);
        errors.finish(|| Subscribe {
            channel,
            address,
            components,
        })
    }
}

/// Something the page tells its subscribers: a public update, a state change or a
/// maintenance notice.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    /// `incident.update`, `incident.status`, `component.state`, `maintenance.scheduled`,
    /// `maintenance.started`, `maintenance.completed` or `maintenance.cancelled`.
    pub event: &'static str,
    /// One line, without the page's name.
    pub subject: Message,
    /// What the message says, in plain text: its paragraphs.
    pub text: Vec<Message>,
    /// The status page's path that tells more (`/status/incidents/12`).
    pub path: String,
    /// The public components it concerns: subscribers who chose any of them, and those who
    /// chose everything, hear of it.
    pub components: Vec<ServiceId>,
    /// The JSON that webhook subscribers receive under `notice` (beside `meta` and `page`).
    pub data: serde_json::Value,
}

/// What subscribers are told of a public incident.
#[derive(Debug, Clone, Copy)]
pub struct PublicIncident<'a> {
    pub number: i64,
    pub title: &'a str,
    pub status: Status,
    pub severity: Severity,
}

impl PublicIncident<'_> {
    fn json(&self, base_url: &str) -> serde_json::Value {
        serde_json::json!({
            "number": self.number,
            "name": self.title,
            "status": incident_status(self.status),
            "impact": incident_impact(self.severity),
            "shortlink": format!("{base_url}/status/incidents/{}", self.number),
        })
    }
}

/// A public update published on `incident` (its status as of the update).
pub fn update_notice(
    incident: PublicIncident<'_>,
    text: &str,
    impact: &str,
    components: Vec<ServiceId>,
    base_url: &str,
) -> Notice {
    let status = Message::keyed("st-status-", incident_status(incident.status));
    let mut body = vec![
        Message::new("notice-text").with("text", incident.title),
        Message::new("notice-labelled")
            .with_said("label", status.clone())
            .with("text", text.trim()),
    ];
    if !impact.trim().is_empty() {
        body.push(Message::new("notice-impact").with("text", impact.trim()));
    }
    Notice {
        event: "incident.update",
        subject: Message::new("notice-labelled")
            .with_said(
                "label",
                Message::new("notice-text").with("text", incident.title),
            )
            .with_said("text", status),
        text: body,
        path: format!("/status/incidents/{}", incident.number),
        components,
        data: serde_json::json!({
            "incident": incident.json(base_url),
            "update": { "status": incident_status(incident.status), "body": text.trim(), "impact": impact.trim() },
        }),
    }
}

/// A public incident moved to another status without an update.
pub fn status_notice(
    incident: PublicIncident<'_>,
    components: Vec<ServiceId>,
    base_url: &str,
) -> Notice {
    let status = Message::keyed("st-status-", incident_status(incident.status));
    Notice {
        event: "incident.status",
        subject: Message::new("notice-labelled")
            .with_said(
                "label",
                Message::new("notice-text").with("text", incident.title),
            )
            .with_said("text", status),
        text: vec![
            Message::new("notice-text").with("text", incident.title),
            Message::new("notice-status-now").with_said(
                "status",
                Message::keyed("notice-status-", incident_status(incident.status)),
            ),
        ],
        path: format!("/status/incidents/{}", incident.number),
        components,
        data: serde_json::json!({ "incident": incident.json(base_url) }),
    }
}

/// A responder set a component's state by hand.
pub fn component_notice(service: ServiceId, name: &str, state: ComponentState) -> Notice {
    Notice {
        event: "component.state",
        subject: Message::new("notice-labelled")
            .with_said("label", Message::new("notice-text").with("text", name))
            .with_said("text", Message::keyed("st-state-", state.as_str())),
        text: vec![
            Message::new("notice-component-now")
                .with("name", name)
                .with_said("state", Message::keyed("notice-state-", state.as_str())),
        ],
        path: "/status".into(),
        components: vec![service],
        data: serde_json::json!({
            "component": { "id": service.to_string(), "name": name, "status": state.as_str() },
        }),
    }
}

/// A maintenance window was scheduled, started, completed or cancelled.
pub fn maintenance_notice(
    id: uuid::Uuid,
    title: &str,
    body: &str,
    window: (OffsetDateTime, OffsetDateTime),
    state: MaintenanceState,
    services: Vec<ServiceId>,
) -> Notice {
    let (event, what) = match state {
        MaintenanceState::Scheduled => ("maintenance.scheduled", "notice-maintenance-scheduled"),
        MaintenanceState::InProgress => ("maintenance.started", "notice-maintenance-started"),
        MaintenanceState::Completed => ("maintenance.completed", "notice-maintenance-completed"),
        MaintenanceState::Cancelled => ("maintenance.cancelled", "notice-maintenance-cancelled"),
    };
    let (from, to) = (utc_minutes(window.0), utc_minutes(window.1));
    let subject = Message::new("notice-labelled")
        .with_said("label", Message::new(what))
        .with("text", title);
    let mut text = vec![
        subject.clone(),
        Message::new("notice-window")
            .with("from", from)
            .with("to", to),
    ];
    if !body.trim().is_empty() && state == MaintenanceState::Scheduled {
        text.push(Message::new("notice-text").with("text", body.trim()));
    }
    Notice {
        event,
        subject,
        text,
        path: "/status".into(),
        components: services,
        data: serde_json::json!({
            "maintenance": {
                "id": id.to_string(),
                "name": title,
                "status": state.as_str(),
                "scheduled_for": rfc3339(window.0),
                "scheduled_until": rfc3339(window.1),
            },
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u128) -> ServiceId {
        ServiceId(uuid::Uuid::from_u128(n))
    }

    #[test]
    fn email_subscriptions_are_read_and_checked() {
        let public = [id(1), id(2)];
        let ok = Subscribe::parse(
            "email",
            " Ada@Example.com ",
            false,
            &[id(2).0.to_string()],
            &public,
            &Destinations::PUBLIC_ONLY,
        )
        .unwrap();
        assert_eq!(ok.address, "ada@example.com");
        assert_eq!(ok.components, vec![id(2)]);
        let all = Subscribe::parse(
            "email",
            "ada@example.com",
            true,
            &[],
            &public,
            &Destinations::PUBLIC_ONLY,
        )
        .unwrap();
        assert!(all.components.is_empty());
        let bad = Subscribe::parse(
            "email",
            "ada",
            false,
            &[],
            &public,
            &Destinations::PUBLIC_ONLY,
        )
        .unwrap_err();
        assert_eq!(
            bad.get("email"),
            Some("Give an email address, such as you@example.com.")
        );
        assert_eq!(
            bad.get("components"),
            Some("Choose at least one component, or everything.")
        );
        let foreign = Subscribe::parse(
            "email",
            "ada@example.com",
            false,
            &[id(9).0.to_string()],
            &public,
            &Destinations::PUBLIC_ONLY,
        )
        .unwrap_err();
        assert_eq!(
            foreign.get("components"),
            Some("Choose components listed on this page.")
        );
    }

    #[test]
    fn webhooks_must_point_at_the_public_internet() {
        for (url, message) in [
            (
                "ftp://x.example",
                "The URL starts with https:// (or http://).",
            ),
            (
                "http://127.0.0.1:9/hook",
                "The URL points inside a private network; give a public address.",
            ),
            (
                "https://169.254.169.254/latest",
                "The URL points inside a private network; give a public address.",
            ),
        ] {
            let e = Subscribe::parse("webhook", url, true, &[], &[], &Destinations::PUBLIC_ONLY)
                .unwrap_err();
            assert_eq!(e.get("url"), Some(message), "{url}");
        }
        let allowed = Destinations::parse("127.0.0.1").unwrap();
        assert!(
            Subscribe::parse("webhook", "http://127.0.0.1:9/h", true, &[], &[], &allowed).is_ok()
        );
        assert!(
            Subscribe::parse(
                "webhook",
                "https://hooks.example.com/x",
                true,
                &[],
                &[],
                &Destinations::PUBLIC_ONLY
            )
            .is_ok()
        );
    }
}
