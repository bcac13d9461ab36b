//! Alert intake: a firing alert opens an incident or attaches to the open incident already
//! tracking its fingerprint; the alerts of one notification go to one incident; a resolved
//! alert is noted, and when all of an incident's alerts have resolved the mitigated
//! milestone is set. The same notification twice changes nothing the second time.
//! Notifications are taken one at a time (an advisory lock), so two deliveries of one alert
//! never open two incidents.

use std::collections::BTreeMap;

use serde_json::json;
use sqlx::PgConnection;
use time::OffsetDateTime;

use super::incidents::{Outcome, file_in};
use super::{Actor, Ctx, Error, Result, record};
use crate::domain::alert::{self, Action, AlertIn, AlertStatus};
use crate::domain::audit::Change;
use crate::domain::ids::IncidentId;
use crate::domain::incident::{IncidentFields, Kind, Milestones, NewIncident, Severity, Source};
use crate::domain::service::ServiceFields;
use crate::domain::timeline::{EntryKind, SystemEntry};
use crate::domain::validation::FieldErrors;
use crate::i18n::{Lang, Message};
use crate::store;

/// What one notification did.
#[derive(Debug, Default, serde::Serialize)]
pub struct Summary {
    pub duplicate: bool,
    /// Numbers of incidents opened.
    pub opened: Vec<i64>,
    /// Alerts attached to an incident already open.
    pub attached: u32,
    /// Alerts that fired again on the incident tracking them.
    pub refired: u32,
    pub resolved: u32,
    /// Firing alerts already known: nothing to do.
    pub unchanged: u32,
    /// Dropped by a routing rule, or resolved alerts no open incident tracks.
    pub ignored: u32,
    /// Firing for a service under maintenance: noted on the window, no incident opened.
    pub held: u32,
    /// Incidents whose mitigated milestone was set because all their alerts resolved.
    pub mitigated: Vec<i64>,
}

impl Summary {
    /// What happened, in messages for the admin page (said in its reader's language).
    pub fn outcome_messages(&self) -> Vec<Message> {
        let numbers = |list: &[i64]| {
            let list: Vec<String> = list.iter().map(|n| format!("INC-{n}")).collect();
            list.join(", ")
        };
        let mut parts = Vec::new();
        if !self.opened.is_empty() {
            parts.push(
                Message::new("alert-outcome-opened").with("incidents", numbers(&self.opened)),
            );
        }
        for (n, key) in [
            (self.attached, "alert-outcome-attached"),
            (self.refired, "alert-outcome-refired"),
            (self.resolved, "alert-outcome-resolved"),
            (self.unchanged, "alert-outcome-unchanged"),
            (self.ignored, "alert-outcome-ignored"),
            (self.held, "alert-outcome-held"),
        ] {
            if n > 0 {
                parts.push(Message::new(key).with("count", i64::from(n)));
            }
        }
        if !self.mitigated.is_empty() {
            parts.push(
                Message::new("alert-outcome-mitigated").with("incidents", numbers(&self.mitigated)),
            );
        }
        parts
    }

    /// What happened, in English: "opened INC-4; 2 attached".
    pub fn outcome(&self) -> String {
        said_outcome(&self.outcome_messages(), Lang::En)
    }

    /// The outcome as stored: its messages as JSON.
    fn stored_outcome(&self) -> String {
        serde_json::Value::from_iter(self.outcome_messages().iter().map(Message::to_json))
            .to_string()
    }
}

fn said_outcome(parts: &[Message], lang: Lang) -> String {
    let said: Vec<String> = parts.iter().map(|m| m.say(lang)).collect();
    said.join("; ")
}

/// A stored outcome in `lang`; text stored before outcomes were messages reads as it is.
pub fn outcome_in(stored: &str, lang: Lang) -> String {
    let parts = serde_json::from_str::<Vec<serde_json::Value>>(stored)
        .ok()
        .and_then(|items| {
            items
                .iter()
                .map(Message::from_json)
                .collect::<Option<Vec<_>>>()
        });
    match parts {
        Some(parts) => said_outcome(&parts, lang),
        None => stored.to_owned(),
    }
}

/// How a notification was taken.
pub enum Intake {
    /// Not a notification this source sends; nothing written.
    Malformed(FieldErrors),
    /// Seen before (the same body); nothing changed.
    Duplicate,
    /// Applied.
    Accepted { alerts: usize, summary: Summary },
}

/// Takes one notification from `source` with its raw `body`.
pub async fn intake(ctx: &Ctx<'_>, actor: &Actor, source: Source, body: &[u8]) -> Result<Intake> {
    let alerts = match alert::parse(source, body) {
        Ok(a) => a,
        Err(errors) => return Ok(Intake::Malformed(errors)),
    };
    // Per sender: a notification is a duplicate only of one the same account delivered, so
    // replaying someone else's body learns nothing about what it did.
    let sender = actor
        .person_id()
        .map(|id| id.to_string())
        .unwrap_or_default();
    let digest = alert::digest(sender.as_bytes(), body);
    let mut tx = ctx.begin().await?;
    store::alerts::lock_intake(&mut tx).await?;
    let count = i32::try_from(alerts.len()).unwrap_or(i32::MAX);
    if !store::alerts::claim_notification(&mut tx, &digest, source, count).await? {
        return Ok(Intake::Duplicate);
    }
    let summary = apply(&mut tx, ctx, actor, source, &alerts).await?;
    store::alerts::set_outcome(&mut tx, &digest, &summary.stored_outcome()).await?;
    tx.commit().await?;
    Ok(Intake::Accepted {
        alerts: alerts.len(),
        summary,
    })
}

fn alert_entry(said: Message, a: &AlertIn, at: OffsetDateTime) -> SystemEntry {
    SystemEntry {
        automated: true,
        ..SystemEntry::said(
            EntryKind::Alert,
            said,
            json!({"alert": a.name(), "fingerprint": a.fingerprint, "status": a.status.as_str(),
                   "labels": a.labels, "generator_url": a.generator_url}),
            at,
        )
    }
}

fn firing_text(a: &AlertIn, again: bool) -> Message {
    let said = if a.headline() == a.name() {
        Message::new(if again {
            "tl-alert-firing-again"
        } else {
            "tl-alert-firing"
        })
    } else {
        Message::new(if again {
            "tl-alert-firing-headline-again"
        } else {
            "tl-alert-firing-headline"
        })
        .with("headline", a.headline())
    };
    said.with("alert", a.name())
}

async fn apply(
    tx: &mut PgConnection,
    ctx: &Ctx<'_>,
    actor: &Actor,
    source: Source,
    alerts: &[AlertIn],
) -> Result<Summary> {
    let now = OffsetDateTime::now_utc();
    let mut s = Summary::default();
    let fingerprints: Vec<String> = alerts.iter().map(|a| a.fingerprint.clone()).collect();
    // Only incidents the sender may see: the others do not exist for this notification.
    let tracked = store::alerts::tracked(&mut *tx, &fingerprints, actor.visibility()).await?;
    let routes = store::alerts::routes(&mut *tx).await?;
    let mapping = store::alerts::mapping(&mut *tx).await?;
    let maintained = store::maintenance::under_way(tx).await?;
    // The incident this notification's new alerts join: one already tracking any of them.
    let target: Option<(IncidentId, i64)> = tracked.first().map(|t| (t.incident_id, t.number));
    let mut touched: Vec<(IncidentId, i64)> = Vec::new();
    let mut fresh: Vec<&AlertIn> = Vec::new();
    // Written together after the loop: a statement each, whatever the number of alerts.
    let mut statuses = Vec::new();
    let mut entries = Vec::new();
    let mut fresh_kind = None;
    for a in alerts {
        let known = tracked.iter().find(|t| t.fingerprint == a.fingerprint);
        match (a.status, known) {
            (AlertStatus::Firing, Some(t)) if t.status == "firing" => s.unchanged += 1,
            (AlertStatus::Firing, Some(t)) => {
                statuses.push((t.alert_id, AlertStatus::Firing, None));
                entries.push((t.incident_id, alert_entry(firing_text(a, true), a, now)));
                touched.push((t.incident_id, t.number));
                s.refired += 1;
            }
            (AlertStatus::Resolved, Some(t)) if t.status == "firing" => {
                let ended = a.ends_at.or(Some(now));
                statuses.push((t.alert_id, AlertStatus::Resolved, ended));
                let said = Message::new("tl-alert-resolved").with("alert", a.name());
                entries.push((t.incident_id, alert_entry(said, a, now)));
                touched.push((t.incident_id, t.number));
                s.resolved += 1;
            }
            (AlertStatus::Resolved, _) => s.ignored += 1,
            (AlertStatus::Firing, None) => {
                let window = a.service().and_then(|name| {
                    let name = name.to_lowercase();
                    maintained.iter().find(|(_, s)| *s == name).map(|(w, _)| *w)
                });
                match alert::route(&routes, &a.labels, window.is_some()).0 {
                    Action::Ignore => s.ignored += 1,
                    // Under maintenance: noted on the window, no incident opened. An incident
                    // already tracking this notification's alerts still gets them.
                    Action::Hold => match (target, window) {
                        (None, Some(window)) => {
                            store::maintenance::note_alert(
                                tx,
                                window,
                                a.name(),
                                a.headline(),
                                &a.fingerprint,
                            )
                            .await?;
                            s.held += 1;
                        }
                        _ => fresh.push(a),
                    },
                    Action::Open(kind) => {
                        if fresh.is_empty() {
                            fresh_kind = kind;
                        }
                        fresh.push(a);
                    }
                }
            }
        }
    }
    if !fresh.is_empty() {
        let (incident_id, number) = match target {
            Some(t) => {
                s.attached += u32::try_from(fresh.len()).unwrap_or(u32::MAX);
                t
            }
            None => {
                let opened =
                    open_incident(tx, ctx, actor, source, &fresh, fresh_kind, &mapping).await?;
                s.opened.push(opened.1);
                opened
            }
        };
        store::alerts::insert_all(tx, incident_id, source, &fresh).await?;
        for a in &fresh {
            entries.push((incident_id, alert_entry(firing_text(a, false), a, now)));
        }
        touched.push((incident_id, number));
    }
    store::alerts::set_statuses(tx, &statuses).await?;
    store::timeline::add_system_all(tx, &entries).await?;
    touched.sort();
    touched.dedup();
    for (incident_id, number) in touched {
        let (firing, latest_end) = store::alerts::remaining(tx, incident_id).await?;
        if firing > 0 {
            store::events::notify(tx, incident_id, "timeline").await?;
            continue;
        }
        if mitigate(tx, incident_id, latest_end.unwrap_or(now), now).await? {
            s.mitigated.push(number);
        }
        store::events::notify(tx, incident_id, "status").await?;
    }
    Ok(s)
}

/// Sets the mitigated milestone once every alert has resolved (see
/// [`Milestones::mitigated_by_alerts`]). A person still resolves the incident.
async fn mitigate(
    tx: &mut PgConnection,
    incident_id: IncidentId,
    ended: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<bool> {
    let milestones = store::incidents::lock_milestones(tx, incident_id).await?;
    if milestones.mitigated_at.is_some() {
        return Ok(false);
    }
    let at = milestones.mitigated_by_alerts(ended, now);
    if !store::alerts::set_mitigated(tx, incident_id, at).await? {
        return Ok(false);
    }
    let entry = SystemEntry {
        automated: true,
        ..SystemEntry::said(
            EntryKind::Milestone,
            Message::new("tl-alerts-mitigated").with("at", crate::domain::time::utc_minutes(at)),
            json!({"field": "mitigated_at", "old": null, "new": crate::domain::time::rfc3339(at)}),
            now,
        )
    };
    store::timeline::add_system(tx, incident_id, None, &entry).await?;
    Ok(true)
}

/// Makes sure a service named by an alert exists (created when unknown); returns its name as
/// stored.
async fn ensure_service(
    tx: &mut PgConnection,
    actor: &Actor,
    name: &str,
) -> Result<Option<String>> {
    let Ok(fields) = ServiceFields::parse(name, "Added from an alert's service label.", "", "")
    else {
        return Ok(None);
    };
    if let Some(existing) = store::services::stored_name(&mut *tx, name).await? {
        return Ok(Some(existing));
    }
    let id = match store::services::create(&mut *tx, &fields).await? {
        Ok(id) => id,
        Err(_) => return Ok(None),
    };
    let change = Change {
        action: "service.create",
        entity: "service",
        entity_id: id.to_string(),
        incident_id: None,
        summary: Message::new("audit-service-from-alert").with("name", &fields.name),
        before: None,
        after: Some(json!({"name": fields.name})),
    };
    record(&mut *tx, actor, change).await?;
    Ok(Some(fields.name))
}

async fn open_incident(
    tx: &mut PgConnection,
    ctx: &Ctx<'_>,
    actor: &Actor,
    source: Source,
    alerts: &[&AlertIn],
    rule_kind: Option<Kind>,
    mapping: &[(String, Severity)],
) -> Result<(IncidentId, i64)> {
    let now = OffsetDateTime::now_utc();
    let first_labels: BTreeMap<String, String> = alerts[0].labels.clone();
    let kind = alert::kind_for(rule_kind, &first_labels);
    let severity = alerts
        .iter()
        .map(|a| alert::severity_for(&a.labels, mapping))
        .min()
        .unwrap_or(Severity::Sev3);
    let mut services = Vec::new();
    for a in alerts {
        if let Some(name) = a.service()
            && let Some(stored) = ensure_service(tx, actor, name).await?
            && !services.contains(&stored)
        {
            services.push(stored);
        }
    }
    let started = alerts
        .iter()
        .map(|a| a.starts_at)
        .min()
        .unwrap_or(now)
        .min(now);
    let mut milestones = Milestones::new(started);
    milestones.detected_at = Some(now);
    let new = NewIncident {
        fields: IncidentFields {
            title: alert::title(alerts),
            summary: alert::summary(alerts),
            kind,
            severity,
            services,
            customer_impact: String::new(),
            restricted: kind == Kind::Security,
        },
        milestones,
        source,
        runbook_url: alerts
            .iter()
            .find_map(|a| a.runbook_url())
            .unwrap_or_default()
            .chars()
            .take(2000)
            .collect(),
        take_command: false,
        new_services: Vec::new(),
    };
    match file_in(tx, ctx, actor, &new).await? {
        Outcome::Done(incident) => Ok((incident.id, incident.number)),
        Outcome::Invalid(errors) => Err(Error::Invalid(errors)),
        Outcome::Stale(..) | Outcome::Refused(..) => {
            Err(anyhow::anyhow!("filing an incident from alerts was refused").into())
        }
    }
}
