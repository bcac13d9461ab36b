//! /reports: response times, trends, services, action items and missing post-mortems for a
//! period, with downloads in CSV, JSON, Markdown and PDF (the JSON is also `api::reports`).

use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::Query;
use serde::Deserialize;
use time::OffsetDateTime;

use super::auth::CurrentUser;
use super::chart::{Bars, Line};
use super::download::attachment;
use super::format::duration;
use super::forms::ReportQuery;
use super::layout::Layout;
use super::routes::Routes;
use crate::AppState;
use crate::domain::incident::{Kind, Severity};
use crate::domain::person::Access;
use crate::domain::report::{Group, Measure, Metric, Report, TagLoad};
use crate::domain::taxonomy::TagKind;
use crate::domain::validation::FieldErrors;
use crate::error::{AppError, Result};
use crate::i18n::Lang;
use crate::{export, store};

pub fn routes() -> Routes {
    Routes::new().get("/reports", Access::VIEWER, page).get(
        "/reports/export",
        Access::VIEWER,
        download,
    )
}

fn today() -> time::Date {
    OffsetDateTime::now_utc().date()
}

/// A duration in seconds as a page shows it, or a dash.
fn human(seconds: Option<f64>) -> String {
    seconds.map_or_else(
        || "—".to_owned(),
        |s| duration(time::Duration::seconds_f64(s)),
    )
}

#[derive(Template)]
#[template(path = "reports/show.html")]
struct ReportPage {
    layout: Layout,
    query: ReportQuery,
    errors: FieldErrors,
    report: Option<Report>,
    services: Vec<String>,
    trend: Option<Bars>,
    resolve: Option<Line>,
    /// Impact per period of the factors with the most, the series' names, and the unit
    /// ("Minutes" or "Hours").
    factor_trend: Option<(Bars, Vec<String>, &'static str)>,
    /// When a post-mortem is required, in words, and the days it is due after resolution.
    policy_summary: Vec<String>,
    due_days: i32,
}

impl ReportPage {
    fn value<'a>(&self, v: &'a Option<String>) -> &'a str {
        v.as_deref().unwrap_or("")
    }

    fn start_value(&self) -> String {
        match (&self.report, &self.query.from) {
            (Some(r), _) => r.scope.from.to_string(),
            (None, v) => v.clone().unwrap_or_default(),
        }
    }

    fn end_value(&self) -> String {
        match (&self.report, &self.query.to) {
            (Some(r), _) => r.scope.to.to_string(),
            (None, v) => v.clone().unwrap_or_default(),
        }
    }

    fn kinds(&self) -> &'static [Kind] {
        Kind::ALL
    }

    fn severities(&self) -> &'static [Severity] {
        Severity::ALL
    }

    fn measures(&self) -> [Measure; 4] {
        Measure::ALL
    }

    fn export_link(&self, format: &str) -> String {
        let qs = self.query.query_string();
        if qs.is_empty() {
            format!("/reports/export?format={format}")
        } else {
            format!("/reports/export?format={format}&{qs}")
        }
    }

    fn human(&self, seconds: &Option<f64>) -> String {
        human(*seconds)
    }

    fn minutes(&self, m: &f64) -> String {
        crate::web::format::minutes(*m)
    }

    /// The groups for a response-time table: everything, then each severity.
    fn severity_groups<'a>(&self, r: &'a Report) -> Vec<&'a Group> {
        let mut v = vec![&r.total];
        v.extend(r.by_severity.iter());
        v
    }

    fn factor_kind(&self) -> TagKind {
        TagKind::Factor
    }

    fn trigger_kind(&self) -> TagKind {
        TagKind::Trigger
    }

    /// The factors' table and the triggers': (kind, rows, table id).
    fn tag_tables<'a>(&self, r: &'a Report) -> Vec<(TagKind, Vec<&'a TagLoad>, &'static str)> {
        vec![
            (TagKind::Factor, r.tags_of(TagKind::Factor), "by-factor"),
            (TagKind::Trigger, r.tags_of(TagKind::Trigger), "by-trigger"),
        ]
    }

    /// The colour class of series `i` of the factors chart.
    fn series_class(&self, i: &usize) -> &'static str {
        SERIES.get(*i).copied().unwrap_or("s6")
    }

    /// A group's label as the reader says it.
    fn group_label(&self, g: &Group) -> String {
        if g.label == crate::domain::report::ALL_INCIDENTS {
            self.layout.t("report-all-incidents")
        } else {
            g.label.clone()
        }
    }

    fn why_left_out(&self, m: &Measure, metric: &Metric) -> String {
        self.layout.t2(
            "report-left-out",
            "count",
            metric.left_out,
            "why",
            self.layout.tk("measure-missing-", m.key()),
        )
    }
}

/// The report `query` asks for, over what `user` may see; field errors for a bad query.
pub(crate) async fn compute(
    state: &AppState,
    user: &CurrentUser,
    query: &ReportQuery,
) -> Result<std::result::Result<Report, FieldErrors>> {
    match query.parse(today()) {
        Ok(mut scope) => {
            state
                .copies
                .canonicalise(&state.db, &mut scope.service)
                .await?;
            let policy = state.copies.postmortem_policy(&state.db).await?;
            Ok(Ok(store::reports::report(
                &state.db,
                &scope,
                user.visibility(),
                &policy,
            )
            .await?))
        }
        Err(errors) => Ok(Err(errors)),
    }
}

fn charts(r: &Report, lang: Lang) -> (Bars, Line) {
    let labels: Vec<String> = r.trend.iter().map(|p| p.label.clone()).collect();
    let values: Vec<Vec<f64>> = r
        .trend
        .iter()
        .map(|p| p.by_severity.iter().map(|n| *n as f64).collect())
        .collect();
    let bars = Bars::stacked(&labels, &values, &["sev1", "sev2", "sev3", "sev4"], |i| {
        let p = &r.trend[i];
        let [a, b, c, d] = p.by_severity;
        let count = lang.t_with("report-incidents-word", &[("count", &p.total())]);
        format!(
            "{}: {} {count} (SEV1 {a}, SEV2 {b}, SEV3 {c}, SEV4 {d})",
            p.label,
            p.total()
        )
    });
    let medians: Vec<Option<f64>> = r
        .trend
        .iter()
        .map(|p| p.median_resolve.map(|s| s / 3600.0))
        .collect();
    let line = Line::new(
        &labels,
        &medians,
        |h| short_hours(h, lang),
        |i, h| {
            format!(
                "{}: {} {}",
                r.trend[i].label,
                lang.t("report-median-resolve").to_lowercase(),
                duration(time::Duration::seconds_f64(h * 3600.0))
            )
        },
    );
    (bars, line)
}

/// The colour classes of a chart's series, in order.
const SERIES: [&str; 6] = ["s1", "s2", "s3", "s4", "s5", "s6"];

/// Impact per period for the five factors with the most (and the rest together), in
/// minutes or, when a period holds more than ten hours, in hours.
fn factor_chart(r: &Report, lang: Lang) -> Option<(Bars, Vec<String>, &'static str)> {
    let (names, values) = r.tag_trend(TagKind::Factor, 5);
    if names.is_empty() {
        return None;
    }
    let labels: Vec<String> = r.trend.iter().map(|p| p.label.clone()).collect();
    let most = values
        .iter()
        .map(|v| v.iter().sum::<f64>())
        .fold(0.0, f64::max);
    let (unit, per) = if most > 600.0 {
        ("Hours", 60.0)
    } else {
        ("Minutes", 1.0)
    };
    let drawn: Vec<Vec<f64>> = values
        .iter()
        .map(|v| v.iter().map(|m| m / per).collect())
        .collect();
    let bars = Bars::stacked(&labels, &drawn, &SERIES, |i| {
        let parts: Vec<String> = names
            .iter()
            .zip(&values[i])
            .filter(|(_, m)| **m > 0.0)
            .map(|(n, m)| format!("{n} {}", crate::web::format::minutes(*m)))
            .collect();
        if parts.is_empty() {
            format!(
                "{}: {}",
                r.trend[i].label,
                lang.t("report-no-impact-tagged")
            )
        } else {
            format!("{}: {}", r.trend[i].label, parts.join(", "))
        }
    });
    Some((bars, names, unit))
}

/// An axis label in hours that stays short, each tick its own: "0", "20 s", "1.5 min",
/// "30 min", "1.5 h", "12 h" (with `lang`'s decimal mark).
fn short_hours(h: f64, lang: Lang) -> String {
    // At most one decimal, none when it is zero.
    let short = |v: f64| {
        let s = lang.decimal(v, 1);
        s.trim_end_matches('0')
            .trim_end_matches(['.', ','])
            .to_owned()
    };
    let minutes = h * 60.0;
    if h == 0.0 {
        "0".into()
    } else if minutes < 1.0 {
        format!("{:.0} s", minutes * 60.0)
    } else if minutes < 10.0 {
        format!("{} min", short(minutes))
    } else if h < 1.0 {
        format!("{minutes:.0} min")
    } else {
        format!("{} h", short(h))
    }
}

async fn page(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Query(query): Query<ReportQuery>,
) -> Result<Response> {
    let services = state.copies.service_names(&state.db).await?.to_vec();
    let policy = state.copies.postmortem_policy(&state.db).await?;
    let (report, errors, status) = match compute(&state, &user, &query).await? {
        Ok(r) => (Some(r), FieldErrors::new(), StatusCode::OK),
        Err(errors) => (None, errors, StatusCode::BAD_REQUEST),
    };
    let lang = layout.lang;
    let policy_summary = policy.summary_in(lang);
    let (trend, resolve, factor_trend) = match &report {
        Some(r) => {
            let (b, l) = charts(r, lang);
            (Some(b), Some(l), factor_chart(r, lang))
        }
        None => (None, None, None),
    };
    let view = ReportPage {
        query,
        errors: errors.in_lang(layout.lang),
        layout,
        report,
        services,
        trend,
        resolve,
        factor_trend,
        policy_summary,
        due_days: policy.due_days,
    };
    Ok((status, Html(view.render()?)).into_response())
}

#[derive(Debug, Deserialize)]
struct Format {
    #[serde(default)]
    format: String,
}

async fn download(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Query(format): Query<Format>,
    Query(query): Query<ReportQuery>,
) -> Result<Response> {
    let report = compute(&state, &user, &query)
        .await?
        .map_err(AppError::Validation)?;
    let name = format!("murphy-report-{}-{}", report.scope.from, report.scope.to);
    let now = OffsetDateTime::now_utc();
    Ok(match format.format.as_str() {
        "csv" => attachment(
            "text/csv; charset=utf-8",
            &format!("{name}.csv"),
            export::report::csv(&report),
        ),
        "json" => attachment(
            "application/json",
            &format!("{name}.json"),
            axum::Json(&report).into_response().into_body(),
        ),
        "md" | "markdown" => attachment(
            "text/markdown; charset=utf-8",
            &format!("{name}.md"),
            export::report::markdown(&report, now, lang),
        ),
        "pdf" => {
            let markdown = export::report::markdown(&report, now, lang);
            crate::web::download::pdf(&format!("{name}.pdf"), markdown).await?
        }
        other => {
            return Err(AppError::BadRequest(
                lang.t_with("report-no-such-format", &[("format", &other)]),
            ));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_hours_stay_short_and_distinct() {
        let en: Vec<String> = [0.0, 0.005, 0.01, 0.025, 0.25, 1.0, 1.5, 12.0]
            .iter()
            .map(|h| short_hours(*h, Lang::En))
            .collect();
        assert_eq!(
            en,
            [
                "0", "18 s", "36 s", "1.5 min", "15 min", "1 h", "1.5 h", "12 h"
            ]
        );
        assert_eq!(short_hours(1.5, Lang::PtBr), "1,5 h");
        assert_eq!(short_hours(0.025, Lang::PtBr), "1,5 min");
    }
}
