//! The status lifecycle and the milestones it fills: which transitions are allowed, the
//! order milestones must keep, and the durations between them.

use crate::i18n::Message;
use time::{Duration, OffsetDateTime};

use super::kinds::string_enum;
use super::{FUTURE_TOLERANCE, Status};
use crate::domain::validation::FieldErrors;

impl Status {
    /// The statuses this one may change to. Resolved and closed incidents can be reopened.
    pub fn next(self) -> &'static [Status] {
        use Status::*;
        match self {
            Investigating => &[Identified, Monitoring, Resolved],
            Identified => &[Investigating, Monitoring, Resolved],
            Monitoring => &[Investigating, Identified, Resolved],
            Resolved => &[Closed, Investigating],
            Closed => &[Investigating],
        }
    }

    pub fn can_become(self, next: Status) -> bool {
        self.next().contains(&next)
    }

    /// Still being worked on (not resolved or closed).
    pub fn is_open(self) -> bool {
        !matches!(self, Status::Resolved | Status::Closed)
    }

    /// The milestone a change to this status fills when it is empty.
    pub fn milestone(self) -> Option<Milestone> {
        match self {
            Status::Investigating => None,
            // Acknowledged is a person taking command, not a status (see `acknowledge`).
            Status::Identified => None,
            Status::Monitoring => Some(Milestone::Mitigated),
            Status::Resolved => Some(Milestone::Resolved),
            Status::Closed => Some(Milestone::Closed),
        }
    }

    /// The verb on the button that moves an incident to this status.
    pub fn action(self, from: Status) -> &'static str {
        match self {
            Status::Investigating if !from.is_open() => "Reopen",
            Status::Investigating => "Back to investigating",
            Status::Identified => "Cause identified",
            Status::Monitoring => "Fix applied, monitoring",
            Status::Resolved => "Resolve",
            Status::Closed => "Close",
        }
    }
}

string_enum! {
    /// The moments in an incident's life, in the order they must occur.
    Milestone, "milestone" {
        ImpactStarted => "impact_started_at", "Impact started";
        Detected => "detected_at", "Detected";
        Acknowledged => "acknowledged_at", "Acknowledged";
        Mitigated => "mitigated_at", "Mitigated";
        Resolved => "resolved_at", "Resolved";
        Closed => "closed_at", "Closed";
    }
}

/// The milestone times of one incident. Impact start is always known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Milestones {
    pub impact_started_at: OffsetDateTime,
    pub detected_at: Option<OffsetDateTime>,
    pub acknowledged_at: Option<OffsetDateTime>,
    pub mitigated_at: Option<OffsetDateTime>,
    pub resolved_at: Option<OffsetDateTime>,
    pub closed_at: Option<OffsetDateTime>,
}

/// An error in the status lifecycle, phrased for the person who asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("The incident is already {}.", .0.label().to_lowercase())]
    Unchanged(Status),
    #[error("An incident that is {} cannot become {}.", .from.label().to_lowercase(), .to.label().to_lowercase())]
    NotAllowed { from: Status, to: Status },
}

impl TransitionError {
    /// The error as a message, said in each reader's language.
    pub fn said(&self) -> Message {
        match self {
            TransitionError::Unchanged(s) => Message::new("refused-status-unchanged")
                .with_said("status", Message::keyed("audit-status-", s.as_str())),
            TransitionError::NotAllowed { from, to } => Message::new("refused-status-not-allowed")
                .with_said("from", Message::keyed("audit-status-", from.as_str()))
                .with_said("to", Message::keyed("audit-status-", to.as_str())),
        }
    }
}

impl Milestones {
    pub fn new(impact_started_at: OffsetDateTime) -> Self {
        Milestones {
            impact_started_at,
            detected_at: None,
            acknowledged_at: None,
            mitigated_at: None,
            resolved_at: None,
            closed_at: None,
        }
    }

    pub fn get(&self, m: Milestone) -> Option<OffsetDateTime> {
        match m {
            Milestone::ImpactStarted => Some(self.impact_started_at),
            Milestone::Detected => self.detected_at,
            Milestone::Acknowledged => self.acknowledged_at,
            Milestone::Mitigated => self.mitigated_at,
            Milestone::Resolved => self.resolved_at,
            Milestone::Closed => self.closed_at,
        }
    }

    /// Sets an optional milestone. Impact start cannot be emptied.
    pub fn set(&mut self, m: Milestone, at: Option<OffsetDateTime>) {
        match m {
            Milestone::ImpactStarted => {
                if let Some(at) = at {
                    self.impact_started_at = at;
                }
            }
            Milestone::Detected => self.detected_at = at,
            Milestone::Acknowledged => self.acknowledged_at = at,
            Milestone::Mitigated => self.mitigated_at = at,
            Milestone::Resolved => self.resolved_at = at,
            Milestone::Closed => self.closed_at = at,
        }
    }

    /// Every milestone that is set must be no earlier than each set milestone before it, and
    /// none may lie in the future.
    pub fn check(&self, now: OffsetDateTime) -> FieldErrors {
        let mut errors = FieldErrors::new();
        let mut latest: Option<(Milestone, OffsetDateTime)> = None;
        for &m in Milestone::ALL {
            let Some(at) = self.get(m) else { continue };
            if at > now + FUTURE_TOLERANCE {
                errors.add_said(
                    m.as_str(),
                    Message::new("val-milestone-future")
                        .with_said("milestone", Message::keyed("milestone-", m.as_str())),
                );
            }
            match latest {
                Some((before, before_at)) if at < before_at => errors.add_said(
                    m.as_str(),
                    Message::new("val-milestone-order")
                        .with_said("milestone", Message::keyed("milestone-", m.as_str()))
                        .with_said(
                            "before",
                            Message::keyed("milestone-lower-", before.as_str()),
                        )
                        .with("at", crate::domain::time::utc_minutes(before_at)),
                ),
                _ => latest = Some((m, at)),
            }
        }
        errors
    }

    /// Moves `status` to `to`, filling the matching milestone when it is empty and clearing
    /// the resolved and closed milestones on reopening.
    pub fn change_status(
        &mut self,
        from: Status,
        to: Status,
        now: OffsetDateTime,
    ) -> Result<(), TransitionError> {
        if from == to {
            return Err(TransitionError::Unchanged(from));
        }
        if !from.can_become(to) {
            return Err(TransitionError::NotAllowed { from, to });
        }
        if to.is_open() && !from.is_open() {
            self.resolved_at = None;
            self.closed_at = None;
        }
        if let Some(m) = to.milestone()
            && self.get(m).is_none()
        {
            self.set(m, Some(self.clamp_before_later(m, now)));
        }
        Ok(())
    }

    /// A person took command at `now`: the incident counts as acknowledged then, unless it
    /// already was. Returns the time recorded, if one was.
    pub fn acknowledge(&mut self, now: OffsetDateTime) -> Option<OffsetDateTime> {
        if self.acknowledged_at.is_some() {
            return None;
        }
        let at = self.clamp_before_later(Milestone::Acknowledged, now);
        self.acknowledged_at = Some(at);
        Some(at)
    }

    /// `at`, or the earliest later milestone already set when that comes sooner, so that
    /// filling a milestone never puts the record out of order.
    fn clamp_before_later(&self, m: Milestone, at: OffsetDateTime) -> OffsetDateTime {
        let earlier = Milestone::ALL
            .iter()
            .take_while(|&&x| x != m)
            .filter_map(|&x| self.get(x))
            .max()
            .unwrap_or(self.impact_started_at);
        Milestone::ALL
            .iter()
            .skip_while(|&&x| x != m)
            .skip(1)
            .filter_map(|&x| self.get(x))
            .fold(at, OffsetDateTime::min)
            .max(earlier)
    }

    /// Time to detect: impact start → detected.
    /// When an incident counts as mitigated once every alert it tracks has resolved: at the
    /// last alert's end, but never before an earlier milestone nor in the future.
    pub fn mitigated_by_alerts(
        &self,
        ended: OffsetDateTime,
        now: OffsetDateTime,
    ) -> OffsetDateTime {
        [
            Some(ended),
            Some(self.impact_started_at),
            self.detected_at,
            self.acknowledged_at,
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(now)
        .min(now)
    }

    pub fn time_to_detect(&self) -> Option<Duration> {
        Some(self.detected_at? - self.impact_started_at)
    }

    /// Time to acknowledge: detected → acknowledged.
    pub fn time_to_acknowledge(&self) -> Option<Duration> {
        Some(self.acknowledged_at? - self.detected_at?)
    }

    /// Time to mitigate: impact start → mitigated.
    pub fn time_to_mitigate(&self) -> Option<Duration> {
        Some(self.mitigated_at? - self.impact_started_at)
    }

    /// Time to resolve: impact start → resolved.
    pub fn time_to_resolve(&self) -> Option<Duration> {
        Some(self.resolved_at? - self.impact_started_at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-26 12:00 UTC);

    #[test]
    fn every_status_reaches_only_its_listed_successors() {
        use Status::*;
        let allowed = [
            (Investigating, Identified),
            (Investigating, Monitoring),
            (Investigating, Resolved),
            (Identified, Investigating),
            (Identified, Monitoring),
            (Identified, Resolved),
            (Monitoring, Investigating),
            (Monitoring, Identified),
            (Monitoring, Resolved),
            (Resolved, Closed),
            (Resolved, Investigating),
            (Closed, Investigating),
        ];
        for &from in Status::ALL {
            for &to in Status::ALL {
                assert_eq!(
                    from.can_become(to),
                    allowed.contains(&(from, to)),
                    "{from} -> {to}"
                );
            }
        }
    }

    #[test]
    fn a_status_change_fills_its_empty_milestone_only() {
        let mut ms = Milestones::new(datetime!(2026-11-26 10:00 UTC));
        ms.change_status(Status::Investigating, Status::Identified, NOW)
            .unwrap();
        assert_eq!(
            ms.acknowledged_at, None,
            "a person taking command acknowledges"
        );
        assert_eq!(ms.acknowledge(NOW), Some(NOW));
        let later = NOW + Duration::hours(1);
        ms.change_status(Status::Identified, Status::Monitoring, NOW)
            .unwrap();
        ms.change_status(Status::Monitoring, Status::Investigating, later)
            .unwrap();
        ms.change_status(Status::Investigating, Status::Monitoring, later)
            .unwrap();
        assert_eq!(ms.mitigated_at, Some(NOW), "kept, not overwritten");
        assert_eq!(ms.acknowledge(later), None);
        assert_eq!(ms.acknowledged_at, Some(NOW), "kept, not overwritten");
        ms.mitigated_at = None;
        ms.change_status(Status::Identified, Status::Resolved, later)
            .unwrap();
        assert_eq!(ms.resolved_at, Some(later));
        assert_eq!(ms.mitigated_at, None);
    }

    #[test]
    fn reopening_clears_resolved_and_closed() {
        let mut ms = Milestones::new(datetime!(2026-11-26 10:00 UTC));
        ms.change_status(Status::Monitoring, Status::Resolved, NOW)
            .unwrap();
        ms.change_status(Status::Resolved, Status::Closed, NOW)
            .unwrap();
        assert!(ms.closed_at.is_some());
        ms.change_status(Status::Closed, Status::Investigating, NOW)
            .unwrap();
        assert_eq!((ms.resolved_at, ms.closed_at), (None, None));
    }

    #[test]
    fn forbidden_and_unchanged_transitions_are_refused() {
        let mut ms = Milestones::new(NOW);
        assert_eq!(
            ms.change_status(Status::Investigating, Status::Closed, NOW),
            Err(TransitionError::NotAllowed {
                from: Status::Investigating,
                to: Status::Closed
            })
        );
        assert_eq!(
            ms.change_status(Status::Resolved, Status::Resolved, NOW),
            Err(TransitionError::Unchanged(Status::Resolved))
        );
        assert_eq!(ms, Milestones::new(NOW));
    }

    #[test]
    fn filling_a_milestone_never_breaks_the_order() {
        let mut ms = Milestones::new(datetime!(2026-11-26 10:00 UTC));
        ms.mitigated_at = Some(datetime!(2026-11-26 11:00 UTC));
        ms.acknowledge(NOW);
        assert_eq!(ms.acknowledged_at, Some(datetime!(2026-11-26 11:00 UTC)));
        assert!(ms.check(NOW).is_empty());
    }

    #[test]
    fn milestones_out_of_order_or_in_the_future_are_refused() {
        let mut ms = Milestones::new(datetime!(2026-11-26 10:00 UTC));
        ms.detected_at = Some(datetime!(2026-11-26 09:00 UTC));
        ms.mitigated_at = Some(datetime!(2026-11-26 11:00 UTC));
        ms.resolved_at = Some(datetime!(2026-11-26 10:30 UTC));
        ms.closed_at = Some(NOW + Duration::hours(1));
        let errors = ms.check(NOW);
        assert_eq!(
            errors.get("detected_at"),
            Some("Detected cannot be earlier than impact started (2026-11-26 10:00 UTC).")
        );
        assert_eq!(
            errors.get("resolved_at"),
            Some("Resolved cannot be earlier than mitigated (2026-11-26 11:00 UTC).")
        );
        assert_eq!(
            errors.get("closed_at"),
            Some("Closed cannot be in the future.")
        );
        assert_eq!(errors.get("mitigated_at"), None);
        assert_eq!(errors.get("acknowledged_at"), None);
    }

    #[test]
    fn equal_milestones_are_in_order() {
        let mut ms = Milestones::new(NOW);
        ms.detected_at = Some(NOW);
        ms.acknowledged_at = Some(NOW);
        assert!(ms.check(NOW).is_empty());
    }

    #[test]
    fn durations_follow_their_definitions() {
        let mut ms = Milestones::new(datetime!(2026-11-26 10:00 UTC));
        assert_eq!(ms.time_to_detect(), None);
        ms.detected_at = Some(datetime!(2026-11-26 10:05 UTC));
        ms.acknowledged_at = Some(datetime!(2026-11-26 10:07 UTC));
        ms.mitigated_at = Some(datetime!(2026-11-26 10:45 UTC));
        ms.resolved_at = Some(datetime!(2026-11-26 11:30 UTC));
        assert_eq!(ms.time_to_detect(), Some(Duration::minutes(5)));
        assert_eq!(ms.time_to_acknowledge(), Some(Duration::minutes(2)));
        assert_eq!(ms.time_to_mitigate(), Some(Duration::minutes(45)));
        assert_eq!(ms.time_to_resolve(), Some(Duration::minutes(90)));
    }
}
