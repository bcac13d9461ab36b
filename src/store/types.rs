//! Domain enumerations read from their text columns, strictly (a value the code does not
//! know is an error, never a silent default), and typed ids as UUID columns.

use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArgumentBuffer, PgHasArrayType, PgTypeInfo, PgValueRef, Postgres};
use sqlx::{Decode, Encode, Type};
use uuid::Uuid;

use crate::domain::action::{ActionKind, ActionStatus, Priority};
use crate::domain::ids::{IncidentId, PersonId, PostmortemId, ServiceId, WebhookId};
use crate::domain::incident::{Kind, Severity, Source, Status};
use crate::domain::person::Role;
use crate::domain::postmortem::State as PostmortemState;
use crate::domain::slo::Impact;
use crate::domain::team::{TeamRole, Under};
use crate::domain::timeline::EntryKind;
use crate::domain::update::Audience;
use crate::domain::webhook::Format;
use crate::i18n::Lang;

/// Reads an enumeration from text with `$parse`, which answers `Option`.
macro_rules! text_column {
    ($parse:expr => $($t:ty),+) => {$(
        impl Type<Postgres> for $t {
            fn type_info() -> PgTypeInfo {
                <str as Type<Postgres>>::type_info()
            }
            fn compatible(ty: &PgTypeInfo) -> bool {
                <str as Type<Postgres>>::compatible(ty)
            }
        }

        impl<'r> Decode<'r, Postgres> for $t {
            fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
                let text = <&str as Decode<Postgres>>::decode(value)?;
                let parse: fn(&str) -> Option<$t> = $parse;
                parse(text).ok_or_else(|| unknown(stringify!($t), text).into())
            }
        }

        impl Known for $t {
            fn known(text: &str) -> sqlx::Result<Self> {
                let parse: fn(&str) -> Option<$t> = $parse;
                parse(text).ok_or_else(|| sqlx::Error::Decode(unknown(stringify!($t), text).into()))
            }
        }
    )+};
}

fn unknown(what: &str, text: &str) -> String {
    format!("the database holds {what} \"{text}\", which this version of Murphy does not know")
}

/// An enumeration read from text that is not a column of its own (a JSON field, say).
pub(super) trait Known: Sized {
    fn known(text: &str) -> sqlx::Result<Self>;
}

/// Ids are UUID columns (and arrays of them).
macro_rules! id_column {
    ($($t:ty),+) => {$(
        impl Type<Postgres> for $t {
            fn type_info() -> PgTypeInfo {
                <Uuid as Type<Postgres>>::type_info()
            }
            fn compatible(ty: &PgTypeInfo) -> bool {
                <Uuid as Type<Postgres>>::compatible(ty)
            }
        }

        impl PgHasArrayType for $t {
            fn array_type_info() -> PgTypeInfo {
                <Uuid as PgHasArrayType>::array_type_info()
            }
        }

        impl<'r> Decode<'r, Postgres> for $t {
            fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
                Ok(Self(<Uuid as Decode<Postgres>>::decode(value)?))
            }
        }

        impl Encode<'_, Postgres> for $t {
            fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
                <Uuid as Encode<Postgres>>::encode_by_ref(&self.0, buf)
            }
        }
    )+};
}

id_column!(IncidentId, PersonId, PostmortemId, ServiceId, WebhookId);

text_column!(|s| s.parse().ok() => Kind, Severity, Source, Status, Role, TeamRole, Under, EntryKind, Lang);
text_column!(Audience::parse => Audience);
text_column!(Impact::parse => Impact);
text_column!(PostmortemState::parse => PostmortemState);
text_column!(Priority::parse => Priority);
text_column!(ActionKind::parse => ActionKind);
text_column!(ActionStatus::parse => ActionStatus);
text_column!(Format::parse => Format);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_values_are_errors() {
        assert_eq!(Audience::known("public").ok(), Some(Audience::Public));
        let err = Audience::known("everyone").unwrap_err().to_string();
        assert!(err.contains("Audience \"everyone\""), "{err}");
        assert!(TeamRole::known("captain").is_err());
        assert!(Impact::known("").is_err());
    }
}
