//! Ids that must not be mistaken for one another: an incident's for a person's, say. Each is
//! a UUID (v7, so they sort by creation) in its own type; `store` reads and writes them.

use std::fmt;
use std::str::FromStr;

use uuid::Uuid;

macro_rules! typed_id {
    ($($(#[$meta:meta])* $name:ident),+ $(,)?) => {$(
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize,
            serde::Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new id, ordered after every id made before it.
            pub fn new() -> Self {
                $name(Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                $name(Uuid::nil())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }
    )+};
}

typed_id! {
    /// An incident (not its number: see `IncidentNumber` in `web`).
    IncidentId,
    /// A person's account.
    PersonId,
    /// An incident's post-mortem.
    PostmortemId,
    /// A service incidents affect.
    ServiceId,
    /// A webhook receiving Murphy's events.
    WebhookId,
}
