//! Request bodies and query strings shared by pages and the API, and their parsing into
//! domain values.

use crate::i18n::Message;
use serde::Deserialize;
use time::Date;
use time::macros::format_description;

use crate::domain::filter::{
    Cursor, IncidentFilter, PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX, Sort, State,
};
use crate::domain::incident::merge::Base;
use crate::domain::incident::{Incident, IncidentInput, Kind, Milestone, MilestoneInput, Severity};
use crate::domain::time::datetime_local;
use crate::domain::validation::FieldErrors;
use crate::web::api::contract::{
    GroupName, KindName, SeverityName, SortName, StateName, StatusName,
};

/// The incident form as posted, every value as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct IncidentForm {
    pub title: String,
    pub summary: String,
    pub kind: String,
    pub severity: String,
    pub services: Vec<String>,
    pub customer_impact: String,
    pub impact_started_at: String,
    pub detected_at: String,
    pub acknowledged_at: String,
    pub mitigated_at: String,
    pub resolved_at: String,
    pub closed_at: String,
    /// Minutes east of UTC of the times typed, set by `static/app.js`; 0 (UTC) without it.
    pub tz_offset: String,
    pub version: String,
    /// "on" when the restricted box is ticked.
    pub restricted: String,
    /// The incident as the form was loaded (its audit snapshot as JSON), so that a stale
    /// save merges with what others saved since instead of undoing it.
    pub base: String,
    /// Service names typed rather than ticked, separated by commas.
    pub new_services: String,
    /// "on" when whoever files it takes command.
    pub take_command: String,
}

impl IncidentForm {
    /// The form for editing `incident`, times in UTC (the script shows them locally).
    pub fn from_incident(incident: &Incident) -> Self {
        let mut form = IncidentForm {
            title: incident.title.clone(),
            summary: incident.summary.clone(),
            kind: incident.kind.as_str().into(),
            severity: incident.severity.as_str().into(),
            services: incident.services.clone(),
            customer_impact: incident.customer_impact.clone(),
            tz_offset: "0".into(),
            version: incident.version.to_string(),
            restricted: if incident.restricted {
                "on".into()
            } else {
                String::new()
            },
            base: incident.snapshot().to_string(),
            ..Default::default()
        };
        for &m in Milestone::ALL {
            *form.time_mut(m) = incident
                .milestones
                .get(m)
                .map(datetime_local)
                .unwrap_or_default();
        }
        form
    }

    /// The typed fields. On filing an unticked box leaves restriction to the kind; on
    /// editing it lifts it.
    pub fn input(&self, editing: bool) -> IncidentInput {
        let ticked = !self.restricted.is_empty();
        IncidentInput {
            title: self.title.clone(),
            summary: self.summary.clone(),
            kind: self.kind.clone(),
            severity: self.severity.clone(),
            services: self.services.clone(),
            customer_impact: self.customer_impact.clone(),
            restricted: (ticked || editing).then_some(ticked),
        }
    }

    pub fn is_restricted(&self) -> bool {
        !self.restricted.is_empty()
    }

    pub fn offset_minutes(&self) -> i32 {
        self.tz_offset.trim().parse().unwrap_or(0)
    }

    /// The version the edit was based on; 0 (never current) when missing or garbled.
    pub fn version(&self) -> i32 {
        self.version.trim().parse().unwrap_or(0)
    }

    /// The service names typed into "Others", trimmed, blanks left out.
    pub fn typed_services(&self) -> Vec<String> {
        self.new_services
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// The version the form was loaded at, if the form carries it intact.
    pub fn base(&self) -> Option<Base> {
        let snapshot = serde_json::from_str(&self.base).ok()?;
        Base::from_snapshot(&snapshot)
    }

    pub fn milestones(&self) -> MilestoneInput {
        Milestone::ALL
            .iter()
            .map(|&m| (m, self.time(m).to_owned()))
            .collect()
    }

    pub fn time(&self, m: Milestone) -> &str {
        match m {
            Milestone::ImpactStarted => &self.impact_started_at,
            Milestone::Detected => &self.detected_at,
            Milestone::Acknowledged => &self.acknowledged_at,
            Milestone::Mitigated => &self.mitigated_at,
            Milestone::Resolved => &self.resolved_at,
            Milestone::Closed => &self.closed_at,
        }
    }

    fn time_mut(&mut self, m: Milestone) -> &mut String {
        match m {
            Milestone::ImpactStarted => &mut self.impact_started_at,
            Milestone::Detected => &mut self.detected_at,
            Milestone::Acknowledged => &mut self.acknowledged_at,
            Milestone::Mitigated => &mut self.mitigated_at,
            Milestone::Resolved => &mut self.resolved_at,
            Milestone::Closed => &mut self.closed_at,
        }
    }
}

/// The incident list's query string: filters and a page position. Empty values are unset.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    #[param(value_type = StatusName, required = false)]
    pub status: Option<String>,
    #[param(value_type = SeverityName, required = false)]
    pub severity: Option<String>,
    #[param(value_type = KindName, required = false)]
    pub kind: Option<String>,
    /// A service name.
    #[param(value_type = String, required = false)]
    pub service: Option<String>,
    /// open (investigating, identified, monitoring) or closed (resolved, closed).
    #[param(value_type = StateName, required = false)]
    pub state: Option<String>,
    /// Impact started on or after this day (UTC).
    #[param(value_type = String, required = false, format = Date)]
    pub from: Option<String>,
    /// Impact started on or before this day (UTC).
    #[param(value_type = String, required = false, format = Date)]
    pub to: Option<String>,
    /// Full-text search over title and summary ("quoted phrases", -excluded, or).
    #[param(value_type = String, required = false)]
    pub q: Option<String>,
    /// Show incidents older than this number (the `next_cursor` of the previous page).
    #[serde(alias = "cursor")]
    #[param(value_type = String, required = false)]
    pub before: Option<String>,
    /// Show incidents newer than this number.
    #[param(value_type = String, required = false)]
    pub after: Option<String>,
    /// Page size (default 50).
    #[param(value_type = i64, required = false, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    /// The order: newest (default), oldest, severity (SEV1 first) or started (latest
    /// impact start first).
    #[param(value_type = SortName, required = false)]
    pub sort: Option<String>,
}

fn set(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn parse_date(errors: &mut FieldErrors, field: &str, value: Option<&str>) -> Option<Date> {
    let value = value?;
    let parsed = Date::parse(value, format_description!("[year]-[month]-[day]")).ok();
    if parsed.is_none() {
        errors.add_said(field, Message::new("val-not-a-day").with("value", value));
    }
    parsed
}

fn parse_enum<T: std::str::FromStr>(
    errors: &mut FieldErrors,
    field: &str,
    what: &'static str,
    value: Option<&str>,
) -> Option<T> {
    let value = value?;
    let parsed = value.parse().ok();
    if parsed.is_none() {
        errors.add_said(field, Message::new(what).with("value", value));
    }
    parsed
}

fn parse_severity(errors: &mut FieldErrors, value: Option<&str>) -> Option<Severity> {
    parse_enum(errors, "severity", "val-not-a-severity", value)
}

fn parse_kind(errors: &mut FieldErrors, value: Option<&str>) -> Option<Kind> {
    parse_enum(errors, "kind", "val-not-a-kind", value)
}

fn parse_number(errors: &mut FieldErrors, field: &str, value: Option<&str>) -> Option<i64> {
    let value = value?;
    let parsed = crate::domain::incident::parse_reference(value);
    if parsed.is_none() {
        errors.add_said(field, Message::new("val-not-a-number").with("value", value));
    }
    parsed
}

impl ListQuery {
    pub fn parse(&self) -> Result<(IncidentFilter, Cursor, i64), FieldErrors> {
        let mut errors = FieldErrors::new();
        let state = match set(&self.state) {
            None => None,
            Some(s) if s.eq_ignore_ascii_case("open") => Some(State::Open),
            Some(s) if s.eq_ignore_ascii_case("closed") => Some(State::Closed),
            Some(s) => {
                errors.add_said(
                    "state",
                    Message::new("val-not-open-closed").with("value", s),
                );
                None
            }
        };
        let filter = IncidentFilter {
            status: parse_enum(&mut errors, "status", "val-not-a-status", set(&self.status)),
            severity: parse_severity(&mut errors, set(&self.severity)),
            kind: parse_kind(&mut errors, set(&self.kind)),
            service: set(&self.service).map(str::to_owned),
            state,
            from: parse_date(&mut errors, "from", set(&self.from)),
            to: parse_date(&mut errors, "to", set(&self.to)),
            q: set(&self.q).map(|q| q.chars().take(500).collect()),
            member: None,
            sort: parse_enum::<Sort>(&mut errors, "sort", "val-not-a-sort", set(&self.sort))
                .unwrap_or_default(),
        };
        if let (Some(from), Some(to)) = (filter.from, filter.to)
            && from > to
        {
            errors.add_said("to", Message::new("val-the-end-date-is-before-the"));
        }
        let cursor = match (
            parse_number(&mut errors, "before", set(&self.before)),
            parse_number(&mut errors, "after", set(&self.after)),
        ) {
            (Some(n), _) => Cursor::Before(n),
            (None, Some(n)) => Cursor::After(n),
            (None, None) => Cursor::First,
        };
        let limit = match set(&self.limit) {
            None => PAGE_SIZE_DEFAULT,
            Some(l) => match l.parse::<i64>() {
                Ok(n) if (1..=PAGE_SIZE_MAX).contains(&n) => n,
                _ => {
                    errors.add_said(
                        "limit",
                        Message::new("val-page-size").with("max", PAGE_SIZE_MAX),
                    );
                    PAGE_SIZE_DEFAULT
                }
            },
        };
        errors.finish(|| (filter, cursor, limit))
    }

    /// The filters (no page position) as `(key, value)` pairs, for links.
    pub fn filter_pairs(&self) -> Vec<(&'static str, String)> {
        [
            ("q", &self.q),
            ("state", &self.state),
            ("status", &self.status),
            ("severity", &self.severity),
            ("kind", &self.kind),
            ("service", &self.service),
            ("from", &self.from),
            ("to", &self.to),
            ("limit", &self.limit),
            ("sort", &self.sort),
        ]
        .into_iter()
        .filter_map(|(k, v)| set(v).map(|v| (k, v.to_owned())))
        .collect()
    }

    /// The export link for these filters in `format` (csv, json, md, pdf).
    pub fn export_link(&self, format: &str) -> String {
        let mut pairs: Vec<(&str, String)> = self
            .filter_pairs()
            .into_iter()
            .filter(|(k, _)| *k != "limit")
            .collect();
        pairs.insert(0, ("format", format.to_owned()));
        format!(
            "/incidents/export?{}",
            serde_urlencoded::to_string(&pairs).unwrap_or_default()
        )
    }

    /// The query string for the same filters with `extra` added and `without` removed.
    pub fn link(&self, without: Option<&str>, extra: &[(&str, String)]) -> String {
        let mut pairs: Vec<(&str, String)> = self
            .filter_pairs()
            .into_iter()
            .filter(|(k, _)| Some(*k) != without)
            .collect();
        pairs.extend(extra.iter().cloned());
        let qs = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        if qs.is_empty() {
            "/incidents".into()
        } else {
            format!("/incidents?{qs}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::incident::Severity;

    #[test]
    fn empty_values_are_unset_and_bad_values_are_named() {
        let q = ListQuery {
            severity: Some("sev1".into()),
            status: Some("".into()),
            from: Some("2026-13-01".into()),
            before: Some("INC-40".into()),
            ..Default::default()
        };
        let errors = q.parse().unwrap_err();
        assert_eq!(
            errors.get("from"),
            Some("\"2026-13-01\" is not a date; use the form 2026-11-26.")
        );
        let q = ListQuery { from: None, ..q };
        let (filter, cursor, limit) = q.parse().unwrap();
        assert_eq!(filter.severity, Some(Severity::Sev1));
        assert_eq!(filter.status, None);
        assert_eq!(cursor, Cursor::Before(40));
        assert_eq!(limit, PAGE_SIZE_DEFAULT);
    }

    #[test]
    fn links_keep_filters_and_drop_one() {
        let q = ListQuery {
            severity: Some("SEV1".into()),
            q: Some("db down".into()),
            before: Some("10".into()),
            ..Default::default()
        };
        assert_eq!(q.link(Some("severity"), &[]), "/incidents?q=db+down");
        assert_eq!(
            q.link(None, &[("before", "5".into())]),
            "/incidents?q=db+down&severity=SEV1&before=5"
        );
    }
}

/// The reports page's query string, every value as typed.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// First day of impact start (UTC); default 89 days before `to`.
    #[param(value_type = String, required = false, format = Date)]
    pub from: Option<String>,
    /// Last day of impact start (UTC); default today.
    #[param(value_type = String, required = false, format = Date)]
    pub to: Option<String>,
    #[param(value_type = SeverityName, required = false)]
    pub severity: Option<String>,
    #[param(value_type = KindName, required = false)]
    pub kind: Option<String>,
    /// A service name.
    #[param(value_type = String, required = false)]
    pub service: Option<String>,
    /// Trend periods (default week).
    #[param(value_type = GroupName, required = false)]
    pub group: Option<String>,
}

impl ReportQuery {
    pub fn parse(&self, today: Date) -> Result<crate::domain::report::Scope, FieldErrors> {
        use crate::domain::report::{Bucket, MAX_DAYS, Scope};
        let mut errors = FieldErrors::new();
        let to = parse_date(&mut errors, "to", set(&self.to)).unwrap_or(today);
        let from = parse_date(&mut errors, "from", set(&self.from))
            .unwrap_or_else(|| Scope::default_for(to).from);
        if from > to {
            errors.add_said("to", Message::new("val-the-end-date-is-before-the"));
        } else if (to - from).whole_days() >= MAX_DAYS {
            errors.add_said("from", Message::new("val-a-report-covers-at-most-ten"));
        }
        let bucket = match set(&self.group) {
            None => Bucket::Week,
            Some(g) if g.eq_ignore_ascii_case("week") => Bucket::Week,
            Some(g) if g.eq_ignore_ascii_case("month") => Bucket::Month,
            Some(g) => {
                errors.add_said("group", Message::new("val-not-week-month").with("value", g));
                Bucket::Week
            }
        };
        let scope = Scope {
            from,
            to,
            severity: parse_severity(&mut errors, set(&self.severity)),
            kind: parse_kind(&mut errors, set(&self.kind)),
            service: set(&self.service).map(|s| s.chars().take(100).collect()),
            bucket,
        };
        errors.finish(|| scope)
    }

    /// The query string for links that keep these choices (exports, say).
    pub fn query_string(&self) -> String {
        let pairs: Vec<(&str, &str)> = [
            ("from", &self.from),
            ("to", &self.to),
            ("severity", &self.severity),
            ("kind", &self.kind),
            ("service", &self.service),
            ("group", &self.group),
        ]
        .into_iter()
        .filter_map(|(k, v)| set(v).map(|v| (k, v)))
        .collect();
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

/// The search of what was learned (published post-mortems), as the page and the API take
/// it. Empty values are unset.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct LearnQuery {
    /// Words to find in every section and action item ("quoted phrases", -excluded, or);
    /// without them, the newest post-mortems first.
    #[param(value_type = String, required = false)]
    pub q: Option<String>,
    /// A service name.
    #[param(value_type = String, required = false)]
    pub service: Option<String>,
    #[param(value_type = KindName, required = false)]
    pub kind: Option<String>,
    /// Impact started on or after this day (UTC).
    #[param(value_type = String, required = false, format = Date)]
    pub from: Option<String>,
    /// Impact started on or before this day (UTC).
    #[param(value_type = String, required = false, format = Date)]
    pub to: Option<String>,
    /// A contributing factor's or trigger's id: only post-mortems tagged with it.
    #[param(value_type = String, required = false, format = Uuid)]
    pub tag: Option<String>,
    /// Where the page starts: the `next` of the page before.
    #[param(value_type = String, required = false)]
    pub after: Option<String>,
}

impl LearnQuery {
    pub fn parse(
        &self,
    ) -> Result<
        (
            crate::store::learning::LearnFilter,
            Option<crate::store::learning::After>,
        ),
        FieldErrors,
    > {
        use crate::store::learning::{After, LearnFilter};
        let mut errors = FieldErrors::new();
        let q = set(&self.q).map(str::to_owned);
        if q.as_deref().is_some_and(|q| q.chars().count() > 200) {
            errors.add_said("q", Message::new("val-search-for-at-most-200-characters"));
        }
        let filter = LearnFilter {
            q,
            service: set(&self.service).map(str::to_owned),
            kind: parse_kind(&mut errors, set(&self.kind)),
            from: parse_date(&mut errors, "from", set(&self.from)),
            to: parse_date(&mut errors, "to", set(&self.to)),
            tag: set(&self.tag).and_then(|t| match t.parse() {
                Ok(id) => Some(id),
                Err(_) => {
                    errors.add_said("tag", Message::new("val-this-is-not-a-contributing-factor"));
                    None
                }
            }),
        };
        let after = set(&self.after).and_then(|a| {
            let parsed = (|| {
                let (which, rest) = a.split_once(':')?;
                let (value, id) = rest.split_once(':')?;
                let id = id.parse().ok()?;
                match which {
                    "r" => Some(After::Ranked(value.parse().ok()?, id)),
                    "n" => {
                        let nanos: i128 = value.parse().ok()?;
                        Some(After::Newest(
                            time::OffsetDateTime::from_unix_timestamp_nanos(nanos).ok()?,
                            id,
                        ))
                    }
                    _ => None,
                }
            })();
            if parsed.is_none() {
                errors.add_said("after", Message::new("val-this-is-not-a-position-from"));
            }
            parsed
        });
        errors.finish(|| (filter, after))
    }
}

impl LearnQuery {
    /// `path` with this query's filters and the next page's position.
    pub fn next_link(&self, path: &str, after: String) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        for (key, value) in [
            ("q", &self.q),
            ("service", &self.service),
            ("kind", &self.kind),
            ("from", &self.from),
            ("to", &self.to),
            ("tag", &self.tag),
        ] {
            if let Some(v) = set(value) {
                pairs.push((key, v.to_owned()));
            }
        }
        pairs.push(("after", after));
        crate::web::api::next_link(path, &pairs)
    }
}

/// A page position as [`LearnQuery::after`] reads it.
pub fn learn_cursor(after: crate::store::learning::After) -> String {
    use crate::store::learning::After;
    match after {
        After::Ranked(rank, id) => format!("r:{rank}:{id}"),
        After::Newest(at, id) => format!("n:{}:{id}", at.unix_timestamp_nanos()),
    }
}
