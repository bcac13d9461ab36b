//! What the incident page's header and record panel read: the leads, the next update due,
//! the status steps, the milestones and how long the impact lasted.

use super::{MilestoneRow, ShowPage};
use crate::domain::incident::{Milestone, Severity};
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
        format!(
            "Resolved at {} UTC: {}. Impact lasted {}. A post-mortem will follow.",
            &at[11..16],
            self.incident.title,
            self.impact_duration()
        )
    }

    pub(super) fn milestones(&self) -> Vec<MilestoneRow> {
        Milestone::ALL
            .iter()
            .map(|&m| MilestoneRow {
                label: m.label(),
                at: self
                    .incident
                    .milestones
                    .get(m)
                    .map(|at| self.layout.moment(at, self.now)),
            })
            .collect()
    }

    pub(super) fn durations(&self) -> Vec<(&'static str, Option<String>)> {
        let m = &self.incident.milestones;
        vec![
            ("Time to detect", m.time_to_detect().map(duration)),
            ("Time to acknowledge", m.time_to_acknowledge().map(duration)),
            ("Time to mitigate", m.time_to_mitigate().map(duration)),
            ("Time to resolve", m.time_to_resolve().map(duration)),
        ]
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

    pub(super) fn transitions(&self) -> Vec<(&'static str, &'static str)> {
        let from = self.incident.status;
        from.next()
            .iter()
            .map(|to| (to.as_str(), to.action(from)))
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
            Standing::Required { reasons, .. } => Some(reasons.join("; ")),
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
