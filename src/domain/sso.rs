//! Single sign-on rules: which email domains get an account at their first sign-in, the
//! role a person's groups give them, and what a sign-in is decided on (the claims).

use super::person::Role;

/// The email domains whose people get an account at their first sign-in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllowedDomains(Vec<String>);

impl AllowedDomains {
    /// Reads `example.com, example.org` (lowercased; a leading `@` is ignored).
    pub fn parse(spec: &str) -> AllowedDomains {
        AllowedDomains(
            spec.split([',', ' '])
                .map(|d| d.trim().trim_start_matches('@').to_ascii_lowercase())
                .filter(|d| !d.is_empty())
                .collect(),
        )
    }

    pub fn allows(&self, email: &str) -> bool {
        domain_of(email).is_some_and(|d| self.0.contains(&d))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn names(&self) -> &[String] {
        &self.0
    }
}

/// The lowercased domain of `email`.
pub fn domain_of(email: &str) -> Option<String> {
    email
        .rsplit_once('@')
        .map(|(_, d)| d.trim().to_ascii_lowercase())
        .filter(|d| !d.is_empty())
}

/// Groups to roles: `sre-admins=admin,sre=responder,*=viewer`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoleMap(Vec<(String, Role)>);

impl RoleMap {
    pub fn parse(spec: &str) -> Result<RoleMap, String> {
        let mut entries = Vec::new();
        for entry in spec.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let Some((group, role)) = entry.rsplit_once('=') else {
                return Err(format!("\"{entry}\" is not GROUP=ROLE"));
            };
            let role = role.trim().parse::<Role>().map_err(|_| {
                format!(
                    "\"{}\" is not a role (viewer, responder or admin)",
                    role.trim()
                )
            })?;
            let group = group.trim();
            if group.is_empty() {
                return Err(format!("\"{entry}\" names no group"));
            }
            entries.push((group.to_owned(), role));
        }
        Ok(RoleMap(entries))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn entries(&self) -> &[(String, Role)] {
        &self.0
    }

    /// The highest role any of `groups` gives, else the `*` entry's; `None` when neither.
    pub fn role_for(&self, groups: &[String]) -> Option<Role> {
        let matched = self
            .0
            .iter()
            .filter(|(g, _)| g != "*" && groups.iter().any(|x| x == g))
            .map(|(_, r)| *r)
            .max();
        matched.or_else(|| self.0.iter().find(|(g, _)| g == "*").map(|(_, r)| *r))
    }
}

/// What the identity provider said of the person, from the ID token and user info.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Claims {
    pub subject: String,
    pub email: Option<String>,
    pub email_verified: bool,
    pub name: Option<String>,
    pub groups: Vec<String>,
    /// The provider's session id (`sid`), for back-channel logout.
    pub sid: Option<String>,
}

impl Claims {
    /// The claims as shown to admins on /admin/sso.
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "sub": self.subject,
            "email": self.email,
            "email_verified": self.email_verified,
            "name": self.name,
            "groups": self.groups,
            "sid": self.sid,
        })
    }
}

/// Single sign-on as configured (`MURPHY_OIDC_*`).
#[derive(Debug, Clone)]
pub struct Settings {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Option<String>,
    pub scopes: Vec<String>,
    /// "Sign in with NAME".
    pub name: String,
    pub allowed_domains: AllowedDomains,
    pub role_map: RoleMap,
    pub groups_claim: String,
    /// `MURPHY_PUBLIC_URL` + `/login/oidc/callback`.
    pub redirect_url: String,
}

impl Settings {
    /// The new person's role, or a returning one's, from their groups: `None` when the map
    /// gives none (and with no map at all, viewers for new people).
    pub fn role_for(&self, groups: &[String]) -> Option<Role> {
        if self.role_map.is_empty() {
            Some(Role::Viewer)
        } else {
            self.role_map.role_for(groups)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains() {
        let d = AllowedDomains::parse("Example.com, @corp.example");
        assert!(d.allows("ada@EXAMPLE.com"));
        assert!(d.allows("bo@corp.example"));
        assert!(!d.allows("eve@example.com.evil"));
        assert!(!d.allows("no-at-sign"));
        assert!(AllowedDomains::parse(" ").is_empty());
    }

    #[test]
    fn roles_from_groups() {
        let map = RoleMap::parse("sre-admins=admin, sre=responder, *=viewer").unwrap();
        let g = |names: &[&str]| names.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(map.role_for(&g(&["sre", "sre-admins"])), Some(Role::Admin));
        assert_eq!(map.role_for(&g(&["sre"])), Some(Role::Responder));
        assert_eq!(map.role_for(&g(&["finance"])), Some(Role::Viewer));
        let strict = RoleMap::parse("sre=responder").unwrap();
        assert_eq!(strict.role_for(&g(&["finance"])), None);
        assert!(
            RoleMap::parse("sre=boss")
                .unwrap_err()
                .contains("not a role")
        );
        assert!(RoleMap::parse("sre").is_err());
        assert!(RoleMap::parse("").unwrap().is_empty());
    }
}
