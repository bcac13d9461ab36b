//! What an API token may do: everything its owner may (no scopes), or only what its scopes
//! allow. `read` reads everything; `alerts` posts alert notifications and nothing else; an
//! area (incidents, postmortems, services, status, admin) reads and changes that area.

use time::{Duration, OffsetDateTime};

use super::validation::FieldErrors;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    Read,
    Alerts,
    Incidents,
    Postmortems,
    Services,
    Status,
    Admin,
}

impl Scope {
    pub const ALL: &'static [Scope] = &[
        Scope::Read,
        Scope::Alerts,
        Scope::Incidents,
        Scope::Postmortems,
        Scope::Services,
        Scope::Status,
        Scope::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Alerts => "alerts",
            Scope::Incidents => "incidents",
            Scope::Postmortems => "postmortems",
            Scope::Services => "services",
            Scope::Status => "status",
            Scope::Admin => "admin",
        }
    }

    /// What the scope allows, in words.
    pub fn label(self) -> &'static str {
        match self {
            Scope::Read => "Read everything",
            Scope::Alerts => "Post alerts (Alertmanager, Grafana)",
            Scope::Incidents => "Incidents: file, change, team, timeline, updates, tasks",
            Scope::Postmortems => "Post-mortems and action items",
            Scope::Services => "Services, objectives and error budgets",
            Scope::Status => "Status page, maintenance and subscribers",
            Scope::Admin => "Administration: people, webhooks, runbooks, factors and triggers",
        }
    }

    pub fn parse(s: &str) -> Option<Scope> {
        Scope::ALL.iter().copied().find(|v| v.as_str() == s.trim())
    }

    /// The area an address belongs to; `None` for pages and anything else outside the API.
    pub fn area_of(path: &str) -> Option<Scope> {
        if path.starts_with("/hooks/") {
            return Some(Scope::Alerts);
        }
        let rest = path.strip_prefix("/api/v1/")?;
        let first = rest.split('/').next().unwrap_or("");
        Some(match first {
            "incidents" if rest.contains("/postmortem") => Scope::Postmortems,
            "incidents" | "events" | "reports" => Scope::Incidents,
            "action-items" | "postmortems" => Scope::Postmortems,
            "services" => Scope::Services,
            "status" | "maintenance" | "subscribers" => Scope::Status,
            "people" | "webhooks" | "runbooks" | "factors" | "triggers" | "postmortem-rules" => {
                Scope::Admin
            }
            _ => return None,
        })
    }
}

/// A token's scopes: empty for a token that may do everything its owner may.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scopes(Vec<Scope>);

impl Scopes {
    pub fn everything() -> Scopes {
        Scopes(Vec::new())
    }

    /// The scopes named in `names` (sorted, without repeats); `field` names the input.
    pub fn parse<S: AsRef<str>>(names: &[S], field: &str) -> Result<Scopes, FieldErrors> {
        let mut scopes = Vec::new();
        for name in names
            .iter()
            .map(AsRef::as_ref)
            .filter(|n| !n.trim().is_empty())
        {
            match Scope::parse(name) {
                Some(s) => scopes.push(s),
                None => {
                    let known: Vec<&str> = Scope::ALL.iter().map(|s| s.as_str()).collect();
                    return Err(FieldErrors::one(
                        field,
                        format!("\"{name}\" is not a scope; use {}.", known.join(", ")),
                    ));
                }
            }
        }
        scopes.sort();
        scopes.dedup();
        Ok(Scopes(scopes))
    }

    /// Reads the stored names; unknown ones (which the database refuses) are left out.
    pub fn from_stored(names: &[String]) -> Scopes {
        let mut scopes: Vec<Scope> = names.iter().filter_map(|n| Scope::parse(n)).collect();
        scopes.sort();
        scopes.dedup();
        Scopes(scopes)
    }

    pub fn is_everything(&self) -> bool {
        self.0.is_empty()
    }

    pub fn names(&self) -> Vec<String> {
        self.0.iter().map(|s| s.as_str().to_owned()).collect()
    }

    pub fn iter(&self) -> impl Iterator<Item = Scope> + '_ {
        self.0.iter().copied()
    }

    pub fn has(&self, scope: Scope) -> bool {
        self.0.contains(&scope)
    }

    /// Whether a request for `path` (a read when `reading`) is within the scopes. The API's
    /// description is open to every token.
    pub fn allow(&self, reading: bool, path: &str) -> bool {
        if self.is_everything() || path == "/api/openapi.json" || path.starts_with("/api/docs") {
            return true;
        }
        let area = Scope::area_of(path);
        if reading && self.has(Scope::Read) && area != Some(Scope::Alerts) {
            return true;
        }
        match area {
            // Alert intake only posts.
            Some(Scope::Alerts) => !reading && self.has(Scope::Alerts),
            Some(area) => self.has(area),
            None => false,
        }
    }

    /// The scopes in words, for the token list and refusals.
    pub fn describe(&self) -> String {
        if self.is_everything() {
            return "everything its owner may".into();
        }
        self.0
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The lifetimes offered when creating a token, in days (0: it does not expire).
pub const LIFETIMES: &[(i64, &str)] = &[
    (0, "Never"),
    (7, "7 days"),
    (30, "30 days"),
    (90, "90 days"),
    (365, "1 year"),
];

/// When a token made `now` with a lifetime of `days` (1 to 3,650; 0 for never) expires.
pub fn expiry(
    days: i64,
    now: OffsetDateTime,
    field: &str,
) -> Result<Option<OffsetDateTime>, FieldErrors> {
    match days {
        0 => Ok(None),
        1..=3650 => Ok(Some(now + Duration::days(days))),
        _ => Err(FieldErrors::one(
            field,
            "A token lives 1 to 3,650 days, or does not expire.",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scopes(names: &[&str]) -> Scopes {
        Scopes::parse(names, "scopes").unwrap()
    }

    #[test]
    fn areas_follow_the_address() {
        assert_eq!(Scope::area_of("/hooks/alertmanager"), Some(Scope::Alerts));
        assert_eq!(
            Scope::area_of("/api/v1/incidents/4/timeline"),
            Some(Scope::Incidents)
        );
        assert_eq!(
            Scope::area_of("/api/v1/incidents/4/postmortem/approve"),
            Some(Scope::Postmortems)
        );
        assert_eq!(
            Scope::area_of("/api/v1/action-items"),
            Some(Scope::Postmortems)
        );
        assert_eq!(
            Scope::area_of("/api/v1/services/api/budget"),
            Some(Scope::Services)
        );
        assert_eq!(Scope::area_of("/api/v1/maintenance"), Some(Scope::Status));
        assert_eq!(Scope::area_of("/api/v1/people"), Some(Scope::Admin));
        assert_eq!(Scope::area_of("/incidents/4"), None);
    }

    #[test]
    fn a_scoped_token_reaches_only_its_areas() {
        let everything = Scopes::everything();
        assert!(everything.allow(false, "/api/v1/people"));
        assert!(everything.allow(true, "/incidents"));

        let read = scopes(&["read"]);
        assert!(read.allow(true, "/api/v1/incidents"));
        assert!(read.allow(true, "/api/v1/action-items"));
        assert!(!read.allow(false, "/api/v1/incidents"));
        assert!(!read.allow(false, "/hooks/alertmanager"));

        let alerts = scopes(&["alerts"]);
        assert!(alerts.allow(false, "/hooks/grafana"));
        assert!(!alerts.allow(true, "/api/v1/incidents"));
        assert!(!alerts.allow(false, "/api/v1/incidents"));
        assert!(alerts.allow(true, "/api/openapi.json"));

        let pm = scopes(&["postmortems", "read"]);
        assert!(pm.allow(false, "/api/v1/incidents/1/postmortem"));
        assert!(pm.allow(false, "/api/v1/action-items/x/status"));
        assert!(!pm.allow(false, "/api/v1/incidents/1/status"));
        assert!(pm.allow(true, "/api/v1/incidents/1"));
        assert!(!pm.allow(false, "/incidents/1/postmortem"));
        assert_eq!(pm.describe(), "read, postmortems");
    }

    #[test]
    fn unknown_scopes_and_lifetimes_are_refused() {
        let e = Scopes::parse(&["read", "write"], "scopes").unwrap_err();
        assert!(
            e.get("scopes")
                .unwrap()
                .starts_with("\"write\" is not a scope")
        );
        assert_eq!(scopes(&["read", "read", ""]).names(), ["read"]);
        let now = OffsetDateTime::UNIX_EPOCH;
        assert_eq!(expiry(0, now, "e").unwrap(), None);
        assert_eq!(expiry(7, now, "e").unwrap(), Some(now + Duration::days(7)));
        assert!(expiry(-1, now, "e").is_err());
        assert!(expiry(5000, now, "e").is_err());
    }
}
