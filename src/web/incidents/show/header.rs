//! What the incident page's header and record panel read: the leads, the next update due,
//! the status steps, the milestones and how long the impact lasted.

use super::{MilestoneRow, ShowPage};
use crate::domain::incident::{Milestone, Severity, Status};
use crate::domain::postmortem::State as PmState;
use crate::domain::postmortem::policy::Standing;
use crate::domain::team::TeamRole;
use crate::domain::update::StatusUpdate;
use crate::web::format::{Moment, duration};

impl ShowPage {
    pub(super) fn latest_update(&self) -> Option<(&StatusUpdate, Moment, Option<Moment>, bool)> {
        self.updates.first().map(|u| {
            (
                u,
                self.layout.moment(u.published_at, self.now),
                u.next_update_at.map(|at| self.layout.moment(at, self.now)),
                self.incident.status.is_open() && u.overdue(self.now),
            )
        })
    }

    pub(super) fn leads(&self) -> Vec<(&'static str, Option<&str>, bool)> {
        let has_ic = self.team.holder(TeamRole::Ic).is_some();
        [
            ("IC", TeamRole::Ic),
            ("CL", TeamRole::Cl),
            ("OL", TeamRole::Ol),
        ]
        .into_iter()
        .map(|(tag, role)| {
            let name = self.team.holder(role).map(|a| a.person_name.as_str());
            (tag, name, role != TeamRole::Ic && has_ic)
        })
        .collect()
    }

    pub(super) fn next_update_due(&self) -> Option<(Moment, bool)> {
        let latest = self.updates.first()?;
        let due = latest.next_update_at?;
        self.incident
            .status
            .is_open()
            .then(|| (self.layout.moment(due, self.now), latest.overdue(self.now)))
    }

    pub(super) fn step(&self, to: &str) -> &'static str {
        match to {
            "resolved" => "resolve",
            "closed" if self.needs_postmortem_decision() => "close",
            _ => "",
        }
    }

    pub(super) fn needs_postmortem_decision(&self) -> bool {
        self.postmortem.is_none() && self.postmortem_waived.is_none()
    }

    pub(super) fn closing_text(&self) -> String {
        let at = crate::domain::time::utc_minutes(self.now);
        self.layout.lang.t_with(
            "incident-closing-text",
            &[
                ("at", &&at[11..16]),
                ("title", &self.incident.title),
                ("lasted", &self.impact_duration()),
            ],
        )
    }

    pub(super) fn milestones(&self) -> Vec<MilestoneRow> {
        Milestone::ALL
            .iter()
            .map(|&m| MilestoneRow {
                label: self.layout.t(&format!("milestone-{}", m.as_str())),
                at: self
                    .incident
                    .milestones
                    .get(m)
                    .map(|at| self.layout.moment(at, self.now)),
            })
            .collect()
    }

    pub(super) fn durations(&self) -> Vec<(String, Option<String>)> {
        let m = &self.incident.milestones;
        [
            ("incident-time-to-detect", m.time_to_detect()),
            ("incident-time-to-acknowledge", m.time_to_acknowledge()),
            ("incident-time-to-mitigate", m.time_to_mitigate()),
            ("incident-time-to-resolve", m.time_to_resolve()),
        ]
        .into_iter()
        .map(|(key, d)| (self.layout.t(key), d.map(duration)))
        .collect()
    }

    pub(super) fn impact_duration(&self) -> String {
        let m = &self.incident.milestones;
        let end = m.mitigated_at.or(m.resolved_at).unwrap_or(self.now);
        duration(end - m.impact_started_at)
    }

    pub(super) fn impact_ended(&self) -> bool {
        let m = &self.incident.milestones;
        m.mitigated_at.or(m.resolved_at).is_some()
    }

    pub(super) fn started(&self) -> Moment {
        self.layout
            .moment(self.incident.milestones.impact_started_at, self.now)
    }

    pub(super) fn updated(&self) -> Moment {
        self.layout.moment(self.incident.updated_at, self.now)
    }

    /// Each status the incident can move to, and the button's words.
    pub(super) fn transitions(&self) -> Vec<(&'static str, String)> {
        let from = self.incident.status;
        from.next()
            .iter()
            .map(|to| {
                let key = match to {
                    Status::Investigating if !from.is_open() => "incident-step-reopen",
                    Status::Investigating => "incident-step-investigating",
                    Status::Identified => "incident-step-identified",
                    Status::Monitoring => "incident-step-monitoring",
                    Status::Resolved => "incident-step-resolve",
                    Status::Closed => "incident-step-close",
                };
                (to.as_str(), self.layout.t(key))
            })
            .collect()
    }

    pub(super) fn other_severities(&self) -> Vec<Severity> {
        Severity::ALL
            .iter()
            .copied()
            .filter(|s| *s != self.incident.severity)
            .collect()
    }
}

impl ShowPage {
    /// Why a post-mortem is required ("SEV1; data loss"), if it is.
    pub(super) fn required_because(&self) -> Option<String> {
        match &self.standing {
            Standing::Required { reasons, .. } => {
                let said: Vec<String> = reasons.iter().map(|r| r.say(self.layout.lang)).collect();
                Some(said.join("; "))
            }
            Standing::Optional => None,
        }
    }

    pub(super) fn postmortem_published(&self) -> bool {
        self.postmortem == Some(PmState::Published)
    }

    /// When the required post-mortem is due, and whether that has passed unpublished.
    pub(super) fn postmortem_due(&self) -> Option<(Moment, bool)> {
        let Standing::Required { due: Some(due), .. } = &self.standing else {
            return None;
        };
        let published = self.postmortem == Some(PmState::Published);
        Some((
            self.layout.moment(*due, self.now),
            !published && *due < self.now,
        ))
    }
}
