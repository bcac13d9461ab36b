//! What the incident page's team panel reads: who holds each role, who works under whom,
//! and every hand-off.

use super::ShowPage;
use crate::domain::team::{Assignment, TeamRole, Under};
use crate::web::format::Moment;

impl ShowPage {
    pub(super) fn needs_ic(&self) -> bool {
        self.incident.status.is_open() && self.team.holder(TeamRole::Ic).is_none()
    }

    pub(super) fn holder(&self, role: &str) -> Option<&Assignment> {
        role.parse().ok().and_then(|r| self.team.holder(r))
    }

    pub(super) fn members(&self, under: &str) -> Vec<&Assignment> {
        under
            .parse::<Under>()
            .map(|u| self.team.members_under(u))
            .unwrap_or_default()
    }

    pub(super) fn handoffs(&self) -> Vec<(&Assignment, Moment, Option<Moment>)> {
        self.team
            .assignments
            .iter()
            .rev()
            .map(|a| {
                (
                    a,
                    self.layout.moment(a.assumed_at, self.now),
                    a.relieved_at.map(|at| self.layout.moment(at, self.now)),
                )
            })
            .collect()
    }

    pub(super) fn role_choices(&self) -> [(&'static str, String); 5] {
        [
            ("ic", "team-role-ic"),
            ("cl", "team-role-cl"),
            ("ol", "team-role-ol"),
            ("member:ol", "team-member-ol"),
            ("member:cl", "team-member-cl"),
        ]
        .map(|(value, key)| (value, self.layout.t(key)))
    }
}
