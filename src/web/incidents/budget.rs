//! What an incident spent of its services' error budgets, as its page shows it.

use time::OffsetDateTime;

use crate::domain::ids::ServiceId;
use crate::domain::incident::Incident;
use crate::domain::slo::{Impact, ImpactWindow, Slo, share_of_budget};
use crate::i18n::Lang;
use crate::store::slo::Affected;
use crate::web::format;

/// "99.9 % over 30 days", "99,9 % em 30 dias".
pub fn slo_label(slo: Slo, lang: Lang) -> String {
    lang.t_with(
        "slo-label",
        &[
            (
                "target",
                &lang.decimal_mark(&crate::domain::slo::percent(slo.target)),
            ),
            ("days", &slo.window_days),
        ],
    )
}

/// One affected service on the incident page: how hard it was hit and what that spent of its
/// error budget.
pub struct BudgetRow {
    pub service_id: ServiceId,
    pub name: String,
    pub impact: Impact,
    /// Weighted minutes of impact (so far, while it lasts).
    pub spent: String,
    /// "99.9 % over 30 days", and the share of that window's budget this incident spent.
    pub slo: Option<(String, String)>,
    pub over_budget: bool,
}

impl BudgetRow {
    pub(super) fn new(incident: &Incident, a: Affected, now: OffsetDateTime, lang: Lang) -> Self {
        let m = &incident.milestones;
        let window = ImpactWindow {
            start: m.impact_started_at,
            end: m.mitigated_at.or(m.resolved_at),
            impact: a.impact,
        };
        let minutes = window.weighted_minutes(now);
        let slo = a
            .slo_target
            .zip(a.slo_window_days)
            .map(|(target, window_days)| Slo {
                target,
                window_days,
            });
        let share = slo.map(|s| share_of_budget(s, &window, now));
        BudgetRow {
            service_id: a.service_id,
            name: a.name,
            impact: a.impact,
            spent: format::minutes(minutes),
            slo: slo
                .zip(share)
                .map(|(s, share)| (slo_label(s, lang), lang.percent(share * 100.0, 1))),
            over_budget: share.is_some_and(|s| s >= 1.0),
        }
    }

    pub fn impacts(&self) -> [Impact; 2] {
        Impact::ALL
    }
}
