//! The report as Markdown (and so PDF) and as CSV: every figure one row.

use std::fmt::Write;

use crate::domain::incident::Severity;
use crate::domain::report::{Group, Measure, Metric, Report};
use crate::domain::taxonomy::TagKind;
use crate::domain::time::{duration, utc_minutes};

use super::csv::line;

fn human(seconds: Option<f64>) -> String {
    seconds.map_or_else(
        || "—".to_owned(),
        |s| duration(time::Duration::seconds_f64(s)),
    )
}

fn number(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.0}")).unwrap_or_default()
}

/// "12 min (median), 30 min (p90), 15 min (mean); 2 left out".
fn cell(m: &Metric) -> String {
    if m.counted == 0 {
        return if m.left_out > 0 {
            format!("— ({} left out)", m.left_out)
        } else {
            "—".into()
        };
    }
    let mut s = format!("{} / {} / {}", human(m.median), human(m.p90), human(m.mean));
    if m.left_out > 0 {
        let _ = write!(s, " ({} left out)", m.left_out);
    }
    s
}

fn scope_line(r: &Report) -> String {
    let s = &r.scope;
    let mut filters = Vec::new();
    if let Some(v) = s.severity {
        filters.push(format!("severity {}", v.as_str()));
    }
    if let Some(k) = s.kind {
        filters.push(format!("kind {}", k.label()));
    }
    if let Some(svc) = &s.service {
        filters.push(format!("service {svc}"));
    }
    let filters = if filters.is_empty() {
        String::new()
    } else {
        format!("; {}", filters.join(", "))
    };
    format!(
        "Incidents whose impact started {} to {} (UTC){filters}.",
        s.from, s.to
    )
}

fn group_table(out: &mut String, groups: &[&Group]) {
    out.push_str("| Group | Incidents |");
    for m in Measure::ALL {
        let _ = write!(out, " {} |", m.label());
    }
    out.push_str("\n|---|---:|---|---|---|---|\n");
    for g in groups {
        let _ = write!(out, "| {} | {} |", g.label.replace('|', "\\|"), g.incidents);
        for m in Measure::ALL {
            let _ = write!(out, " {} |", cell(g.metric(m)));
        }
        out.push('\n');
    }
}

/// The report as a Markdown document.
pub fn markdown(r: &Report, generated: time::OffsetDateTime) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Incident report\n");
    let _ = writeln!(out, "{}\n", scope_line(r));
    let _ = writeln!(out, "Generated {}.\n", utc_minutes(generated));
    let _ = writeln!(out, "## Response times\n");
    let _ = writeln!(
        out,
        "Each cell: median / p90 / mean. Incidents missing a milestone a figure needs are left out of that figure and counted.\n"
    );
    let mut groups = vec![&r.total];
    groups.extend(r.by_severity.iter());
    group_table(&mut out, &groups);
    for m in Measure::ALL {
        let _ = writeln!(out, "\n- {}: {}", m.label(), m.definition());
    }
    let _ = writeln!(out, "\n## Trend\n");
    let _ = writeln!(
        out,
        "| Period | SEV1 | SEV2 | SEV3 | SEV4 | Total | Median time to resolve |\n|---|---:|---:|---:|---:|---:|---|"
    );
    for p in &r.trend {
        let [a, b, c, d] = p.by_severity;
        let _ = writeln!(
            out,
            "| {} | {a} | {b} | {c} | {d} | {} | {} |",
            p.label,
            p.total(),
            human(p.median_resolve)
        );
    }
    let _ = writeln!(out, "\n## Services\n");
    if r.services.is_empty() {
        let _ = writeln!(out, "No incident in scope names a service.");
    } else {
        let _ = writeln!(
            out,
            "| Service | Incidents | Impact minutes |\n|---|---:|---:|"
        );
        for s in &r.services {
            let _ = writeln!(
                out,
                "| {} | {} | {:.0} |",
                s.service.replace('|', "\\|"),
                s.incidents,
                s.impact_minutes
            );
        }
        let _ = writeln!(out, "\n### Response times by service\n");
        let groups: Vec<&Group> = r.by_service.iter().collect();
        group_table(&mut out, &groups);
    }
    let _ = writeln!(out, "\n## What contributed\n");
    for kind in TagKind::ALL {
        let tags = r.tags_of(kind);
        let _ = writeln!(out, "### {}\n", kind.plural());
        if tags.is_empty() {
            let _ = writeln!(out, "None tagged.\n");
            continue;
        }
        let _ = writeln!(
            out,
            "| {} | Incidents | Impact minutes |\n|---|---:|---:|",
            kind.label()
        );
        for t in tags {
            let name = t.name.replace('|', "\\|");
            let _ = writeln!(
                out,
                "| {name} | {} | {:.0} |",
                t.incidents, t.impact_minutes
            );
        }
        let _ = writeln!(out);
    }
    if !r.detection.is_empty() {
        let _ = writeln!(
            out,
            "### Detected by\n\n| Source | Incidents | Median time to detect |\n|---|---:|---|"
        );
        for d in &r.detection {
            let source = d.detection.map_or("Not said", |x| x.label());
            let _ = writeln!(
                out,
                "| {source} | {} | {} |",
                d.incidents,
                human(d.median_detect)
            );
        }
    }
    let a = &r.actions;
    let _ = writeln!(out, "\n## Action items\n");
    let _ = writeln!(
        out,
        "Done: {}. Open: {} ({} overdue). Won't do: {}.",
        a.done, a.open, a.overdue, a.wont_do
    );
    let _ = writeln!(out, "\n## Required post-mortems not yet published\n");
    if r.missing_postmortems.is_empty() {
        let _ = writeln!(out, "None.");
    } else {
        for m in &r.missing_postmortems {
            let due = m.due.map_or("—".to_owned(), |d| d.date().to_string());
            let late = if m.late { ", late" } else { "" };
            let _ = writeln!(
                out,
                "- INC-{} {} ({}, post-mortem: {}, due {due}{late})",
                m.number,
                m.title,
                m.severity.as_str(),
                m.postmortem.replace('_', " ")
            );
        }
        if r.missing_postmortem_count > r.missing_postmortems.len() as i64 {
            let _ = writeln!(out, "- … {} in all", r.missing_postmortem_count);
        }
    }
    out
}

/// The report as CSV, one figure per row: section, group, measure, value. Durations are in
/// seconds.
pub fn csv(r: &Report) -> String {
    let mut out = line(["section", "group", "measure", "value"]);
    let mut row = |section: &str, group: &str, measure: &str, value: String| {
        out.push_str(&line([section, group, measure, value.as_str()]));
    };
    row("scope", "", "from", r.scope.from.to_string());
    row("scope", "", "to", r.scope.to.to_string());
    let mut groups: Vec<(&str, &Group)> = vec![("all", &r.total)];
    groups.extend(r.by_severity.iter().map(|g| ("severity", g)));
    groups.extend(r.by_service.iter().map(|g| ("service", g)));
    for (kind, g) in groups {
        let section = format!("response_times_by_{kind}");
        row(&section, &g.label, "incidents", g.incidents.to_string());
        for m in Measure::ALL {
            let x = g.metric(m);
            let k = m.key();
            row(
                &section,
                &g.label,
                &format!("{k}_counted"),
                x.counted.to_string(),
            );
            row(
                &section,
                &g.label,
                &format!("{k}_left_out"),
                x.left_out.to_string(),
            );
            row(
                &section,
                &g.label,
                &format!("{k}_median_seconds"),
                number(x.median),
            );
            row(
                &section,
                &g.label,
                &format!("{k}_p90_seconds"),
                number(x.p90),
            );
            row(
                &section,
                &g.label,
                &format!("{k}_mean_seconds"),
                number(x.mean),
            );
        }
    }
    for p in &r.trend {
        for (s, n) in Severity::ALL.iter().zip(p.by_severity) {
            row("trend", &p.label, s.as_str(), n.to_string());
        }
        row(
            "trend",
            &p.label,
            "median_time_to_resolve_seconds",
            number(p.median_resolve),
        );
    }
    for s in &r.services {
        row("services", &s.service, "incidents", s.incidents.to_string());
        row(
            "services",
            &s.service,
            "impact_minutes",
            format!("{:.1}", s.impact_minutes),
        );
    }
    for t in &r.tags {
        let section = format!("{}s", t.kind.as_str());
        row(&section, &t.name, "incidents", t.incidents.to_string());
        row(
            &section,
            &t.name,
            "impact_minutes",
            format!("{:.1}", t.impact_minutes),
        );
    }
    for d in &r.detection {
        let source = d.detection.map_or("not_said", |x| x.as_str());
        row("detection", source, "incidents", d.incidents.to_string());
        row(
            "detection",
            source,
            "median_time_to_detect_seconds",
            number(d.median_detect),
        );
    }
    let a = &r.actions;
    for (k, v) in [
        ("done", a.done),
        ("open", a.open),
        ("overdue", a.overdue),
        ("wont_do", a.wont_do),
    ] {
        row("action_items", "", k, v.to_string());
    }
    for m in &r.missing_postmortems {
        row(
            "missing_postmortems",
            &format!("INC-{}", m.number),
            "title",
            m.title.clone(),
        );
    }
    out
}
