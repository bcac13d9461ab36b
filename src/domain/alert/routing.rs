//! Routing rules and the severity mapping: which alerts open incidents, as what kind, at
//! what level.

use crate::i18n::Message;
use std::collections::BTreeMap;

use crate::domain::incident::{Kind, Severity};
use crate::domain::validation::{FieldErrors, text};

/// How a matcher compares a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Re,
    NotRe,
}

impl Op {
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "!=",
            Op::Re => "=~",
            Op::NotRe => "!~",
        }
    }
}

/// `label op value`, as in Alertmanager's matchers; a missing label is the empty string.
#[derive(Debug, Clone)]
pub struct Matcher {
    pub label: String,
    pub op: Op,
    pub value: String,
    regex: Option<regex::Regex>,
}

impl PartialEq for Matcher {
    fn eq(&self, other: &Self) -> bool {
        self.label == other.label && self.op == other.op && self.value == other.value
    }
}

impl Matcher {
    pub fn new(label: &str, op: Op, value: &str) -> Result<Matcher, String> {
        let label = label.trim();
        if label.is_empty() || !label.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!("\"{label}\" is not a label name."));
        }
        let regex = match op {
            Op::Re | Op::NotRe => Some(
                regex::Regex::new(&format!("^(?:{value})$"))
                    .map_err(|_| format!("\"{value}\" is not a regular expression."))?,
            ),
            _ => None,
        };
        Ok(Matcher {
            label: label.to_owned(),
            op,
            value: value.to_owned(),
            regex,
        })
    }

    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        let v = labels.get(&self.label).map(String::as_str).unwrap_or("");
        match (self.op, &self.regex) {
            (Op::Eq, _) => v == self.value,
            (Op::Ne, _) => v != self.value,
            (Op::Re, Some(r)) => r.is_match(v),
            (Op::NotRe, Some(r)) => !r.is_match(v),
            _ => false,
        }
    }
}

impl std::fmt::Display for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}\"{}\"", self.label, self.op.as_str(), self.value)
    }
}

/// Reads `env="staging", team=~"db|cache"`: matchers separated by commas, values with or
/// without double quotes.
pub fn parse_matchers(text: &str) -> Result<Vec<Matcher>, String> {
    let mut out = Vec::new();
    for part in split_matchers(text) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let (label, op, value) = ["=~", "!~", "!=", "="]
            .iter()
            .find_map(|op| part.split_once(op).map(|(l, v)| (l, *op, v)))
            .ok_or_else(|| format!("\"{part}\" has no =, !=, =~ or !~."))?;
        let op = match op {
            "=~" => Op::Re,
            "!~" => Op::NotRe,
            "!=" => Op::Ne,
            _ => Op::Eq,
        };
        let value = value.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(value);
        out.push(Matcher::new(label, op, value)?);
    }
    if out.is_empty() {
        return Err("Give at least one matcher, such as env=\"staging\".".into());
    }
    Ok(out)
}

/// Splits on commas outside double quotes.
fn split_matchers(text: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                parts.last_mut().unwrap().push(c);
            }
            ',' if !quoted => parts.push(String::new()),
            c => parts.last_mut().unwrap().push(c),
        }
    }
    parts
}

/// What a routing rule does with the alerts it matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Open an incident (or attach to the open one tracking the alert), filed as `kind`
    /// when given.
    Open(Option<Kind>),
    /// Drop the alert.
    Ignore,
    /// Note it on the maintenance window of its service and open no incident.
    Hold,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Open(_) => "open",
            Action::Ignore => "ignore",
            Action::Hold => "hold",
        }
    }
}

/// An admin's routing rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    pub id: uuid::Uuid,
    pub position: i32,
    pub name: String,
    pub matchers: Vec<Matcher>,
    pub action: Action,
    /// Whether the rule applies only to alerts for a service under maintenance.
    pub during_maintenance: bool,
}

impl Route {
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        self.matchers.iter().all(|m| m.matches(labels))
    }

    /// Whether the rule decides for an alert with `labels`, `in_maintenance` or not.
    pub fn applies(&self, labels: &BTreeMap<String, String>, in_maintenance: bool) -> bool {
        (in_maintenance || !self.during_maintenance) && self.matches(labels)
    }

    pub fn matchers_text(&self) -> String {
        self.matchers
            .iter()
            .map(|m| m.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A new routing rule from the admin's form, validated: its name, matchers, action and
/// whether it applies only during maintenance (then it may have no matchers).
pub fn parse_route(
    name: &str,
    matchers: &str,
    action: &str,
    kind: &str,
    during_maintenance: bool,
) -> Result<(String, Vec<Matcher>, Action, bool), FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = text(&mut errors, "name", "Name", name, true, 100);
    let matchers = match parse_matchers(matchers) {
        Ok(m) => m,
        Err(_) if during_maintenance && matchers.trim().is_empty() => Vec::new(),
        Err(e) => {
            errors.add("matchers", e);
            Vec::new()
        }
    };
    let action = match (action, kind) {
        ("ignore", _) => Some(Action::Ignore),
        ("hold", _) if during_maintenance => Some(Action::Hold),
        ("hold", _) => {
            errors.add_said(
                "action",
                Message::new("val-holding-an-alert-applies-only-during"),
            );
            None
        }
        ("open", "") => Some(Action::Open(None)),
        ("open", k) => match k.parse::<Kind>() {
            Ok(k) => Some(Action::Open(Some(k))),
            Err(_) => {
                errors.add_said("kind", Message::new("val-not-a-kind").with("value", k));
                None
            }
        },
        _ => {
            errors.add_said("action", Message::new("val-choose-to-open-an-incident-to"));
            None
        }
    };
    match action {
        Some(action) if errors.is_empty() => Ok((name, matchers, action, during_maintenance)),
        _ => Err(errors),
    }
}

/// A severity mapping entry from the admin's form: the label value (lowercased) and the
/// level it files at.
pub fn parse_mapping(label_value: &str, severity: &str) -> Result<(String, Severity), FieldErrors> {
    let mut errors = FieldErrors::new();
    let value = text(
        &mut errors,
        "label_value",
        "The label value",
        label_value,
        true,
        100,
    )
    .to_lowercase();
    let severity = severity.parse::<Severity>().ok();
    if severity.is_none() {
        errors.add_said("severity", Message::new("val-choose-a-severity"));
    }
    match severity {
        Some(severity) if errors.is_empty() => Ok((value, severity)),
        _ => Err(errors),
    }
}

/// The first rule that applies decides; with none, the alert opens an incident. For a
/// service under maintenance (`in_maintenance`) the alert is held instead, unless a rule
/// made for maintenance ("only during maintenance") says to open or ignore it: an
/// ordinary rule's "open" is held too.
pub fn route<'a>(
    routes: &'a [Route],
    labels: &BTreeMap<String, String>,
    in_maintenance: bool,
) -> (Action, Option<&'a Route>) {
    match routes.iter().find(|r| r.applies(labels, in_maintenance)) {
        Some(r) if r.during_maintenance => (r.action, Some(r)),
        Some(r) => match r.action {
            Action::Open(_) if in_maintenance => (Action::Hold, Some(r)),
            action => (action, Some(r)),
        },
        None if in_maintenance => (Action::Hold, None),
        None => (Action::Open(None), None),
    }
}

/// The level an alert files at: its `severity` label through the mapping (ignoring case),
/// else the mapping's `*`, else SEV3.
pub fn severity_for(labels: &BTreeMap<String, String>, mapping: &[(String, Severity)]) -> Severity {
    let value = labels
        .get("severity")
        .map(|v| v.trim().to_lowercase())
        .unwrap_or_default();
    let find = |k: &str| mapping.iter().find(|(v, _)| v == k).map(|(_, s)| *s);
    find(&value).or_else(|| find("*")).unwrap_or(Severity::Sev3)
}

/// The incident kind for a group: the rule's, else a valid `kind` label, else outage.
pub fn kind_for(rule_kind: Option<Kind>, labels: &BTreeMap<String, String>) -> Kind {
    rule_kind
        .or_else(|| labels.get("kind").and_then(|k| k.parse().ok()))
        .unwrap_or(Kind::Outage)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matchers_and_routes() {
        let m = parse_matchers(r#"env="staging", team=~"db|cache", alertname!=Watchdog"#).unwrap();
        assert_eq!(m.len(), 3);
        let labels = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<BTreeMap<_, _>>()
        };
        let route = Route {
            id: uuid::Uuid::nil(),
            position: 1,
            name: "staging db".into(),
            matchers: m,
            action: Action::Ignore,
            during_maintenance: false,
        };
        assert!(route.matches(&labels(&[("env", "staging"), ("team", "db")])));
        assert!(!route.matches(&labels(&[("env", "staging"), ("team", "dba")])));
        assert!(!route.matches(&labels(&[
            ("env", "staging"),
            ("team", "db"),
            ("alertname", "Watchdog")
        ])));
        assert_eq!(
            route.matchers_text(),
            "env=\"staging\", team=~\"db|cache\", alertname!=\"Watchdog\""
        );
        let routes = [route];
        assert_eq!(
            route_action(&routes, &labels(&[("env", "prod")])),
            Action::Open(None)
        );
        assert!(parse_matchers("env").is_err());
        assert!(parse_matchers("team=~\"(\"").is_err());
        assert!(parse_matchers(" ").is_err());
    }

    fn route_action(routes: &[Route], labels: &BTreeMap<String, String>) -> Action {
        route(routes, labels, false).0
    }

    #[test]
    fn maintenance_holds_alerts_unless_a_rule_made_for_it_says_otherwise() {
        let labels = |sev: &str| BTreeMap::from([("severity".to_owned(), sev.to_owned())]);
        let rule = |name: &str, matchers: &str, action: Action, during: bool| Route {
            id: uuid::Uuid::nil(),
            position: 1,
            name: name.into(),
            matchers: parse_matchers(matchers).unwrap_or_default(),
            action,
            during_maintenance: during,
        };
        // No rules: held during maintenance, opened outside it.
        assert_eq!(route(&[], &labels("critical"), true).0, Action::Hold);
        assert_eq!(route(&[], &labels("critical"), false).0, Action::Open(None));
        // An ordinary rule's "open" is held during maintenance; its "ignore" ignores.
        let ordinary = [rule(
            "prod",
            "severity=critical",
            Action::Open(Some(Kind::Outage)),
            false,
        )];
        assert_eq!(route(&ordinary, &labels("critical"), true).0, Action::Hold);
        assert_eq!(
            route(&ordinary, &labels("critical"), false).0,
            Action::Open(Some(Kind::Outage))
        );
        // A rule for maintenance opens critical alerts anyway, and applies only then.
        let rules = [
            rule("page anyway", "severity=critical", Action::Open(None), true),
            rule("drop the rest", "", Action::Ignore, true),
        ];
        assert_eq!(
            route(&rules, &labels("critical"), true).0,
            Action::Open(None)
        );
        assert_eq!(route(&rules, &labels("warning"), true).0, Action::Ignore);
        assert_eq!(
            route(&rules, &labels("warning"), false).0,
            Action::Open(None)
        );
        // The form: holding needs "only during maintenance", which allows no matchers.
        assert!(parse_route("x", "", "hold", "", true).is_ok());
        let e = parse_route("x", "env=prod", "hold", "", false).unwrap_err();
        assert!(
            e.get("action")
                .unwrap()
                .starts_with("Holding an alert applies only")
        );
        assert!(
            parse_route("x", "", "open", "", false)
                .unwrap_err()
                .get("matchers")
                .is_some()
        );
    }

    #[test]
    fn severity_mapping_ignores_case_and_falls_back() {
        let mapping = vec![
            ("critical".to_owned(), Severity::Sev1),
            ("*".to_owned(), Severity::Sev4),
        ];
        let l = |v: &str| BTreeMap::from([("severity".to_owned(), v.to_owned())]);
        assert_eq!(severity_for(&l("CRITICAL"), &mapping), Severity::Sev1);
        assert_eq!(severity_for(&l("odd"), &mapping), Severity::Sev4);
        assert_eq!(severity_for(&BTreeMap::new(), &[]), Severity::Sev3);
        assert_eq!(
            kind_for(None, &BTreeMap::from([("kind".into(), "ddos".into())])),
            Kind::Ddos
        );
        assert_eq!(
            kind_for(Some(Kind::Security), &BTreeMap::new()),
            Kind::Security
        );
    }
}
