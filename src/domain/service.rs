//! Services: the things incidents affect.

use time::OffsetDateTime;
use uuid::Uuid;

use super::validation::{FieldErrors, text};

pub const NAME_MAX: usize = 100;
pub const DESCRIPTION_MAX: usize = 2_000;

/// A service as stored, with how many incidents name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    pub incident_count: i64,
    pub version: i32,
    pub created_at: OffsetDateTime,
}

/// A service's fields, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceFields {
    pub name: String,
    pub description: String,
}

impl ServiceFields {
    pub fn parse(name: &str, description: &str) -> Result<ServiceFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = text(&mut errors, "name", "Name", name, true, NAME_MAX);
        let description = text(
            &mut errors,
            "description",
            "Description",
            description,
            false,
            DESCRIPTION_MAX,
        );
        errors.finish(|| ServiceFields { name, description })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_required_trimmed_and_bounded() {
        assert_eq!(
            ServiceFields::parse(" api ", "").unwrap().name,
            "api".to_owned()
        );
        let errors = ServiceFields::parse("", &"d".repeat(2001)).unwrap_err();
        assert_eq!(errors.get("name"), Some("Name is required."));
        assert_eq!(
            errors.get("description"),
            Some("Description is 2001 characters long; the most is 2000.")
        );
    }
}
