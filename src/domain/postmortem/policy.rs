//! When a post-mortem is required: the SRE book's criteria, decided before incidents
//! happen. Each rule that is on makes an incident need one, due some days after it is
//! resolved.

use crate::i18n::{Lang, Message};
use time::{Duration, OffsetDateTime};

use crate::domain::incident::{Incident, Kind, Severity, Source};
use crate::domain::taxonomy::Detection;
use crate::domain::validation::FieldErrors;

/// The rules, as admins set them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    pub severities: Vec<Severity>,
    /// User-visible impact longer than this many minutes.
    pub impact_minutes: Option<i32>,
    pub data_loss: bool,
    /// Opened from a monitoring alert: on-call was paged and stepped in.
    pub from_alert: bool,
    /// Resolution taking longer than this many hours.
    pub resolution_hours: Option<i32>,
    /// Found by a person rather than monitoring.
    pub detected_by_person: bool,
    /// Days after resolution a required post-mortem is due (published).
    pub due_days: i32,
    pub version: i32,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            severities: vec![Severity::Sev1, Severity::Sev2],
            impact_minutes: None,
            data_loss: true,
            from_alert: false,
            resolution_hours: None,
            detected_by_person: false,
            due_days: 5,
            version: 1,
        }
    }
}

/// What the rules look at of one incident.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    pub severity: Severity,
    pub kind: Kind,
    pub source: Source,
    /// Impact start to mitigation (else resolution), once it has ended.
    pub impact: Option<Duration>,
    /// Impact start to resolution, once resolved.
    pub resolution: Option<Duration>,
    /// How it was detected, as its post-mortem says.
    pub detection: Option<Detection>,
}

impl Facts {
    pub fn of(incident: &Incident, detection: Option<Detection>) -> Facts {
        let m = &incident.milestones;
        let started = m.impact_started_at;
        Facts {
            severity: incident.severity,
            kind: incident.kind,
            source: incident.source,
            impact: m.mitigated_at.or(m.resolved_at).map(|end| end - started),
            resolution: m.resolved_at.map(|end| end - started),
            detection,
        }
    }
}

/// Whether an incident needs a post-mortem, and by when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    Optional,
    Required {
        /// Why, one phrase per rule met ("SEV1", "impact over 30 min").
        reasons: Vec<Message>,
        /// When it is due: some days after resolution (none before).
        due: Option<OffsetDateTime>,
    },
}

impl Policy {
    /// Every rule met by `facts`, in words; empty when a post-mortem is optional.
    pub fn reasons(&self, f: &Facts) -> Vec<Message> {
        let mut out = Vec::new();
        if self.severities.contains(&f.severity) {
            out.push(Message::new("reason-severity").with("severity", f.severity.as_str()));
        }
        if self.data_loss && f.kind == Kind::DataLoss {
            out.push(Message::new("reason-data-loss"));
        }
        if let (Some(limit), Some(impact)) = (self.impact_minutes, f.impact)
            && impact > Duration::minutes(limit.into())
        {
            out.push(Message::new("reason-impact-over").with("minutes", i64::from(limit)));
        }
        if let (Some(limit), Some(took)) = (self.resolution_hours, f.resolution)
            && took > Duration::hours(limit.into())
        {
            out.push(Message::new("reason-resolution-over").with("hours", i64::from(limit)));
        }
        if self.from_alert && matches!(f.source, Source::Alertmanager | Source::Grafana) {
            out.push(Message::new("reason-paged"));
        }
        if self.detected_by_person && f.detection.is_some_and(Detection::by_a_person) {
            out.push(Message::new("reason-by-person"));
        }
        out
    }

    /// Whether the incident with `facts`, resolved at `resolved_at`, needs a post-mortem.
    pub fn standing(&self, f: &Facts, resolved_at: Option<OffsetDateTime>) -> Standing {
        let reasons = self.reasons(f);
        if reasons.is_empty() {
            return Standing::Optional;
        }
        Standing::Required {
            reasons,
            due: resolved_at.map(|at| at + Duration::days(self.due_days.into())),
        }
    }

    /// The rules that are on, in words, for the settings page and the report.
    pub fn summary(&self) -> Vec<String> {
        self.summary_in(Lang::En)
    }

    /// The rules that are on, as one message ("never" when none is).
    pub fn said(&self) -> Message {
        let mut parts = Vec::new();
        if !self.severities.is_empty() {
            let names: Vec<&str> = self.severities.iter().map(|s| s.as_str()).collect();
            parts.push(Message::new("audit-rules-severities").with("list", names.join(", ")));
        }
        if self.data_loss {
            parts.push(Message::new("policy-data-loss"));
        }
        if let Some(m) = self.impact_minutes {
            parts.push(Message::new("policy-impact-over").with("minutes", i64::from(m)));
        }
        if let Some(h) = self.resolution_hours {
            parts.push(Message::new("policy-resolution-over").with("hours", i64::from(h)));
        }
        if self.from_alert {
            parts.push(Message::new("policy-from-alert"));
        }
        if self.detected_by_person {
            parts.push(Message::new("policy-by-person"));
        }
        if parts.is_empty() {
            return Message::new("audit-rules-never");
        }
        Message::new("audit-rules-list").with_all("rules", Message::listed(parts))
    }

    /// [`Policy::summary`] in `lang`.
    pub fn summary_in(&self, lang: Lang) -> Vec<String> {
        let mut out = Vec::new();
        if !self.severities.is_empty() {
            let names: Vec<&str> = self.severities.iter().map(|s| s.as_str()).collect();
            out.push(names.join(lang.t("policy-or").as_str()));
        }
        if self.data_loss {
            out.push(lang.t("policy-data-loss"));
        }
        if let Some(m) = self.impact_minutes {
            out.push(lang.t_with("policy-impact-over", &[("minutes", &m)]));
        }
        if let Some(h) = self.resolution_hours {
            out.push(lang.t_with("policy-resolution-over", &[("hours", &h)]));
        }
        if self.from_alert {
            out.push(lang.t("policy-from-alert"));
        }
        if self.detected_by_person {
            out.push(lang.t("policy-by-person"));
        }
        out
    }

    /// Reads the settings form: severities ticked, optional limits, switches and the days.
    #[allow(clippy::too_many_arguments)]
    pub fn parse(
        severities: &[String],
        impact_minutes: &str,
        data_loss: bool,
        from_alert: bool,
        resolution_hours: &str,
        detected_by_person: bool,
        due_days: &str,
        version: i32,
    ) -> Result<Policy, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut chosen = Vec::new();
        for s in severities {
            match s.trim().parse::<Severity>() {
                Ok(s) if !chosen.contains(&s) => chosen.push(s),
                Ok(_) => {}
                Err(_) => errors.add_said(
                    "severities",
                    Message::new("val-not-a-severity").with("value", s.as_str()),
                ),
            }
        }
        chosen.sort();
        let mut number = |field: &str, label: &str, value: &str, max: i32| -> Option<i32> {
            let value = value.trim();
            if value.is_empty() {
                return None;
            }
            match value.parse::<i32>() {
                Ok(n) if (1..=max).contains(&n) => Some(n),
                _ => {
                    errors.add(field, format!("{label} is a whole number from 1 to {max}."));
                    None
                }
            }
        };
        let impact_minutes = number(
            "impact_minutes",
            "The impact limit",
            impact_minutes,
            100_000,
        );
        let resolution_hours = number(
            "resolution_hours",
            "The resolution limit",
            resolution_hours,
            10_000,
        );
        let due = number("due_days", "The days to write it", due_days, 365);
        if due.is_none() && errors.get("due_days").is_none() {
            errors.add_said(
                "due_days",
                Message::new("val-say-how-many-days-after-resolution"),
            );
        }
        errors.finish(|| Policy {
            severities: chosen,
            impact_minutes,
            data_loss,
            from_alert,
            resolution_hours,
            detected_by_person,
            due_days: due.unwrap_or(5),
            version,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn facts() -> Facts {
        Facts {
            severity: Severity::Sev3,
            kind: Kind::Degradation,
            source: Source::Form,
            impact: Some(Duration::minutes(45)),
            resolution: Some(Duration::hours(3)),
            detection: Some(Detection::Alert),
        }
    }

    #[test]
    fn each_rule_that_is_on_makes_a_post_mortem_required() {
        let mut p = Policy::default();
        assert!(
            p.reasons(&facts()).is_empty(),
            "a SEV3 degradation is optional"
        );
        p.impact_minutes = Some(30);
        p.resolution_hours = Some(2);
        p.detected_by_person = true;
        p.from_alert = true;
        assert_eq!(
            p.reasons(&facts()),
            ["user-visible impact over 30 min", "resolution over 2 h"]
        );
        let f = Facts {
            severity: Severity::Sev1,
            kind: Kind::DataLoss,
            source: Source::Alertmanager,
            detection: Some(Detection::Customer),
            impact: Some(Duration::minutes(10)),
            resolution: None,
        };
        assert_eq!(
            p.reasons(&f),
            [
                "SEV1",
                "data loss",
                "on-call was paged",
                "found by a person, not monitoring"
            ]
        );
        let resolved = datetime!(2026-11-30 10:00 UTC);
        assert_eq!(
            p.standing(&f, Some(resolved)),
            Standing::Required {
                reasons: p.reasons(&f),
                due: Some(datetime!(2026-12-05 10:00 UTC)),
            }
        );
        assert_eq!(
            Policy::default().standing(&facts(), None),
            Standing::Optional
        );
    }

    #[test]
    fn the_form_is_checked() {
        let p = Policy::parse(
            &["SEV2".into(), "SEV1".into()],
            " 30 ",
            false,
            true,
            "",
            true,
            "7",
            3,
        )
        .unwrap();
        assert_eq!(p.severities, [Severity::Sev1, Severity::Sev2]);
        assert_eq!(
            (p.impact_minutes, p.resolution_hours, p.due_days),
            (Some(30), None, 7)
        );
        let errors =
            Policy::parse(&["SEV9".into()], "-4", true, false, "x", false, "", 1).unwrap_err();
        assert!(errors.get("severities").is_some());
        assert!(errors.get("impact_minutes").is_some());
        assert!(errors.get("resolution_hours").is_some());
        assert!(errors.get("due_days").is_some());
    }
}
