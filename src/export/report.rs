//! The report as Markdown (and so PDF) and as CSV: every figure one row.

use std::fmt::Write;

use crate::domain::incident::Severity;
use crate::domain::report::{ALL_INCIDENTS, Group, Measure, Metric, Report};
use crate::domain::taxonomy::TagKind;
use crate::domain::time::{duration, utc_minutes};

use super::csv::line;
use crate::i18n::Lang;

fn human(seconds: Option<f64>) -> String {
    seconds.map_or_else(
        || "—".to_owned(),
        |s| duration(time::Duration::seconds_f64(s)),
    )
}

fn number(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.0}")).unwrap_or_default()
}

/// "12 min / 30 min / 15 min (2 left out)": median, p90, mean.
fn cell(m: &Metric, lang: Lang) -> String {
    let left_out = || lang.t_with("report-md-left-out", &[("count", &m.left_out)]);
    if m.counted == 0 {
        return if m.left_out > 0 {
            format!("— ({})", left_out())
        } else {
            "—".into()
        };
    }
    let mut s = format!("{} / {} / {}", human(m.median), human(m.p90), human(m.mean));
    if m.left_out > 0 {
        let _ = write!(s, " ({})", left_out());
    }
    s
}

fn scope_line(r: &Report, lang: Lang) -> String {
    let s = &r.scope;
    let mut filters = Vec::new();
    if let Some(v) = s.severity {
        filters.push(format!(
            "{} {}",
            lang.t("filter-severity").to_lowercase(),
            v.as_str()
        ));
    }
    if let Some(k) = s.kind {
        filters.push(format!(
            "{} {}",
            lang.t("filter-kind").to_lowercase(),
            lang.t(&format!("kind-{}", k.as_str()))
        ));
    }
    if let Some(svc) = &s.service {
        filters.push(format!("{} {svc}", lang.t("filter-service").to_lowercase()));
    }
    let filters = if filters.is_empty() {
        String::new()
    } else {
        format!("; {}", filters.join(", "))
    };
    let scope = lang.t_with(
        "report-scope",
        &[("from", &s.from.to_string()), ("to", &s.to.to_string())],
    );
    format!("{scope}{filters}.")
}

fn group_table(out: &mut String, groups: &[&Group], lang: Lang) {
    let _ = write!(
        out,
        "| {} | {} |",
        lang.t("report-group"),
        lang.t("report-incidents")
    );
    for m in Measure::ALL {
        let _ = write!(out, " {} |", lang.t(&format!("measure-{}", m.key())));
    }
    out.push_str("\n|---|---:|---|---|---|---|\n");
    for g in groups {
        let label = if g.label == ALL_INCIDENTS {
            lang.t("report-all-incidents")
        } else {
            g.label.replace('|', "\\|")
        };
        let _ = write!(out, "| {label} | {} |", g.incidents);
        for m in Measure::ALL {
            let _ = write!(out, " {} |", cell(g.metric(m), lang));
        }
        out.push('\n');
    }
}

/// The report as a Markdown document in `lang`.
pub fn markdown(r: &Report, generated: time::OffsetDateTime, lang: Lang) -> String {
    let t = |key: &str| lang.t(key);
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", t("report-md-title"));
    let _ = writeln!(out, "{}\n", scope_line(r, lang));
    let _ = writeln!(
        out,
        "{}\n",
        lang.t_with("report-md-generated", &[("at", &utc_minutes(generated))])
    );
    let _ = writeln!(out, "## {}\n", t("report-md-response-times"));
    let _ = writeln!(out, "{}\n", t("report-md-each-cell"));
    let mut groups = vec![&r.total];
    groups.extend(r.by_severity.iter());
    group_table(&mut out, &groups, lang);
    for m in Measure::ALL {
        let _ = writeln!(
            out,
            "\n- {}: {}",
            lang.t(&format!("measure-{}", m.key())),
            lang.t(&format!("measure-def-{}", m.key()))
        );
    }
    let _ = writeln!(out, "\n## {}\n", t("report-md-trend"));
    let _ = writeln!(
        out,
        "| {} | SEV1 | SEV2 | SEV3 | SEV4 | {} | {} |\n|---|---:|---:|---:|---:|---:|---|",
        t("report-md-period"),
        t("report-total"),
        t("report-median-resolve")
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
    let _ = writeln!(out, "\n## {}\n", t("nav-services"));
    if r.services.is_empty() {
        let _ = writeln!(out, "{}", t("report-no-service"));
    } else {
        let _ = writeln!(
            out,
            "| {} | {} | {} |\n|---|---:|---:|",
            t("filter-service"),
            t("report-incidents"),
            t("report-md-impact-minutes")
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
        let _ = writeln!(out, "\n### {}\n", t("report-times-by-service"));
        let groups: Vec<&Group> = r.by_service.iter().collect();
        group_table(&mut out, &groups, lang);
    }
    let _ = writeln!(out, "\n## {}\n", t("pm-what-contributed"));
    for kind in TagKind::ALL {
        let tags = r.tags_of(kind);
        let _ = writeln!(
            out,
            "### {}\n",
            lang.t(&format!("tag-kinds-{}", kind.as_str()))
        );
        if tags.is_empty() {
            let _ = writeln!(out, "{}\n", t("report-none-tagged"));
            continue;
        }
        let _ = writeln!(
            out,
            "| {} | {} | {} |\n|---|---:|---:|",
            lang.t(&format!("tag-kind-{}", kind.as_str())),
            t("report-incidents"),
            t("report-md-impact-minutes")
        );
        for tag in tags {
            let name = tag.name.replace('|', "\\|");
            let _ = writeln!(
                out,
                "| {name} | {} | {:.0} |",
                tag.incidents, tag.impact_minutes
            );
        }
        let _ = writeln!(out);
    }
    if !r.detection.is_empty() {
        let _ = writeln!(
            out,
            "### {}\n\n| {} | {} | {} |\n|---|---:|---|",
            t("pm-detected-by"),
            t("report-md-source"),
            t("report-incidents"),
            t("report-median-detect")
        );
        for d in &r.detection {
            let source = d.detection.map_or_else(
                || t("pm-not-said"),
                |x| lang.t(&format!("detection-{}", x.as_str())),
            );
            let _ = writeln!(
                out,
                "| {source} | {} | {} |",
                d.incidents,
                human(d.median_detect)
            );
        }
    }
    let a = &r.actions;
    let _ = writeln!(out, "\n## {}\n", t("pm-action-items"));
    let _ = writeln!(
        out,
        "{}",
        lang.t_with(
            "report-md-actions",
            &[
                ("done", &a.done),
                ("open", &a.open),
                ("overdue", &a.overdue),
                ("wont", &a.wont_do)
            ]
        )
    );
    let _ = writeln!(out, "\n## {}\n", t("report-missing"));
    if r.missing_postmortems.is_empty() {
        let _ = writeln!(out, "{}", t("report-md-none"));
    } else {
        for m in &r.missing_postmortems {
            let due = m.due.map_or("—".to_owned(), |d| d.date().to_string());
            let late = if m.late {
                format!(", {}", t("home-late"))
            } else {
                String::new()
            };
            let state = if m.postmortem == "none" {
                t("report-not-started").to_lowercase()
            } else {
                lang.t(&format!("pm-state-{}", m.postmortem)).to_lowercase()
            };
            let _ = writeln!(
                out,
                "- INC-{} {} ({}, {}: {state}, {} {due}{late})",
                m.number,
                m.title,
                m.severity.as_str(),
                t("pm-title").to_lowercase(),
                t("actions-col-due").to_lowercase()
            );
        }
        if r.missing_postmortem_count > r.missing_postmortems.len() as i64 {
            let _ = writeln!(
                out,
                "- … {}",
                lang.t_with(
                    "report-md-in-all",
                    &[("count", &r.missing_postmortem_count)]
                )
            );
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
