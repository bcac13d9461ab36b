//! A new post-mortem's first draft, drawn from the incident's record.

use super::{Section, Sections, Template};
use crate::domain::incident::Incident;
use crate::domain::team::Team;
use crate::domain::time::{duration, utc_minutes};
use crate::domain::timeline::Entry;
use crate::i18n::Lang;

/// The template's sections drawn from the record: summary, impact with milestone durations,
/// the timeline's key events (or every entry), and the response team, where the template
/// has sections with those keys; every other section starts with its prompt. The words
/// Murphy adds are in `lang`, the post-mortem's language.
pub fn prefill(
    template: &Template,
    incident: &Incident,
    entries: &[Entry],
    team: &Team,
    lang: Lang,
) -> Sections {
    let m = &incident.milestones;
    let mut impact = incident.customer_impact.trim().to_owned();
    let mut facts = vec![lang.t_with(
        "prefill-impact-started",
        &[("at", &utc_minutes(m.impact_started_at))],
    )];
    for (key, value) in [
        ("prefill-time-to-detect", m.time_to_detect()),
        ("prefill-time-to-acknowledge", m.time_to_acknowledge()),
        ("prefill-time-to-mitigate", m.time_to_mitigate()),
        ("prefill-time-to-resolve", m.time_to_resolve()),
    ] {
        if let Some(d) = value {
            facts.push(lang.t_with(key, &[("span", &duration(d))]));
        }
    }
    if !impact.is_empty() {
        impact.push_str("\n\n");
    }
    impact.push_str(
        &facts
            .iter()
            .map(|f| format!("- {f}"))
            .collect::<Vec<_>>()
            .join("\n"),
    );
    let timeline = entries
        .iter()
        .map(|e| {
            format!(
                "- **{}** {}",
                utc_minutes(e.occurred_at),
                e.said(lang).replace('\n', " ")
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    let team_lines = team
        .assignments
        .iter()
        .map(|a| {
            let title = match a.under {
                Some(under) => lang.t(&format!("team-member-{}", under.lead().as_str())),
                None => lang.t(&format!("team-role-{}", a.role.as_str())),
            };
            format!("- {title}: {}", a.person_name)
        })
        .collect::<Vec<_>>();
    let supporting = if team_lines.is_empty() {
        String::new()
    } else {
        format!("{}\n\n{}", lang.t("prefill-team"), team_lines.join("\n"))
    };
    let mut sections = Sections::new();
    for spec in &template.sections {
        let drawn = match spec.key.as_str() {
            "summary" => incident.summary.clone(),
            "impact" => impact.clone(),
            "timeline" => timeline.clone(),
            "supporting" => supporting.clone(),
            _ => String::new(),
        };
        let text = match (drawn.trim().is_empty(), spec.prompt.is_empty()) {
            (true, _) => spec.prompt.clone(),
            (false, true) => drawn,
            (false, false) => format!("{}\n\n{drawn}", spec.prompt.trim_end()),
        };
        sections.insert(spec.key.clone(), Section { text, na: false });
    }
    sections
}
