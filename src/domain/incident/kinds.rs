//! The closed sets an incident is described by: severity, kind, status and source, stored
//! and sent as lowercase strings.

/// An error for a string that names no variant of an enumeration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} \"{value}\"")]
pub struct UnknownVariant {
    pub what: &'static str,
    pub value: String,
}

/// Declares a closed set of values stored and sent as lowercase strings.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($variant:ident => $s:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored and wire form.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s),+ }
            }

            /// The human name.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::domain::incident::UnknownVariant;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let s = s.trim();
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str().eq_ignore_ascii_case(s))
                    .ok_or_else(|| $crate::domain::incident::UnknownVariant { what: $what, value: s.to_owned() })
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}
pub(super) use string_enum;

string_enum! {
    /// How bad it is. SEV1 is the worst.
    Severity, "severity" {
        Sev1 => "SEV1", "SEV1 · Critical";
        Sev2 => "SEV2", "SEV2 · Major";
        Sev3 => "SEV3", "SEV3 · Minor";
        Sev4 => "SEV4", "SEV4 · Low";
    }
}

impl Severity {
    /// What the level means, shown beside the choice.
    pub fn meaning(self) -> &'static str {
        match self {
            Severity::Sev1 => {
                "A core service is down, or data is lost or exposed, for many customers. \
                 Everyone needed responds now, around the clock."
            }
            Severity::Sev2 => {
                "A core function is badly degraded or down for some customers. \
                 Respond now; page the owners."
            }
            Severity::Sev3 => {
                "Limited impact, or a workaround exists. Respond within working hours."
            }
            Severity::Sev4 => {
                "Little or no customer impact. Track it and fix it in the normal course of work."
            }
        }
    }

    /// The one-word name: Critical, Major, Minor, Low.
    pub fn word(self) -> &'static str {
        match self {
            Severity::Sev1 => "Critical",
            Severity::Sev2 => "Major",
            Severity::Sev3 => "Minor",
            Severity::Sev4 => "Low",
        }
    }

    /// CSS class suffix for the severity colour scale.
    pub fn css(self) -> &'static str {
        match self {
            Severity::Sev1 => "sev1",
            Severity::Sev2 => "sev2",
            Severity::Sev3 => "sev3",
            Severity::Sev4 => "sev4",
        }
    }
}

string_enum! {
    /// What sort of incident it is.
    Kind, "kind" {
        Outage => "outage", "Outage";
        Degradation => "degradation", "Degradation";
        Security => "security", "Security";
        Ddos => "ddos", "DDoS";
        TrafficSurge => "traffic_surge", "Traffic surge";
        DeployFailure => "deploy_failure", "Build or deploy failure";
        DataLoss => "data_loss", "Data loss";
        Other => "other", "Other";
    }
}

string_enum! {
    /// Where the response stands.
    Status, "status" {
        Investigating => "investigating", "Investigating";
        Identified => "identified", "Identified";
        Monitoring => "monitoring", "Monitoring";
        Resolved => "resolved", "Resolved";
        Closed => "closed", "Closed";
    }
}

string_enum! {
    /// How the incident reached Murphy.
    Source, "source" {
        Form => "form", "Web form";
        Api => "api", "API";
        Alertmanager => "alertmanager", "Alertmanager";
        Grafana => "grafana", "Grafana";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_round_trip_through_their_stored_form() {
        for &k in Kind::ALL {
            assert_eq!(k.as_str().parse::<Kind>(), Ok(k));
        }
        for &s in Severity::ALL {
            assert_eq!(s.as_str().parse::<Severity>(), Ok(s));
        }
        assert!("sev5".parse::<Severity>().is_err());
    }
}
