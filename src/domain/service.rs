//! Services: the things incidents affect.

use super::ids::ServiceId;
use time::OffsetDateTime;

use super::slo::Slo;
use super::validation::{FieldErrors, text};

pub const NAME_MAX: usize = 100;
pub const DESCRIPTION_MAX: usize = 2_000;

/// A service as stored, with how many incidents name it.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub id: ServiceId,
    pub name: String,
    pub description: String,
    pub slo_target: Option<f64>,
    pub slo_window_days: Option<i32>,
    /// Its maintenance windows spend its error budget.
    pub maintenance_counts: bool,
    pub incident_count: i64,
    pub version: i32,
    pub created_at: OffsetDateTime,
}

impl Service {
    /// Its availability objective, if it has one.
    pub fn slo(&self) -> Option<Slo> {
        Some(Slo {
            target: self.slo_target?,
            window_days: self.slo_window_days?,
        })
    }
}

/// A service's fields, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceFields {
    pub name: String,
    pub description: String,
    pub slo: Option<Slo>,
    /// Its maintenance windows spend its error budget (false unless set after parsing).
    pub maintenance_counts: bool,
}

impl ServiceFields {
    /// Name and description; the objective's target (percent) and window (days), both blank
    /// for none.
    pub fn parse(
        name: &str,
        description: &str,
        slo_target: &str,
        slo_window_days: &str,
    ) -> Result<ServiceFields, FieldErrors> {
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
        let slo = match Slo::parse(slo_target, slo_window_days) {
            Ok(slo) => slo,
            Err(e) => {
                errors.extend(e);
                None
            }
        };
        errors.finish(|| ServiceFields {
            name,
            description,
            slo,
            maintenance_counts: false,
        })
    }
}

/// The stored spelling of `typed` among `names`, ignoring case.
pub fn stored_spelling<'a>(names: &'a [String], typed: &str) -> Option<&'a str> {
    let typed = typed.to_lowercase();
    names
        .iter()
        .find(|n| n.to_lowercase() == typed)
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_required_trimmed_and_bounded() {
        assert_eq!(
            ServiceFields::parse(" api ", "", "", "").unwrap().name,
            "api".to_owned()
        );
        let errors = ServiceFields::parse("", &"d".repeat(2001), "", "").unwrap_err();
        assert_eq!(errors.get("name"), Some("Name is required."));
        assert_eq!(
            errors.get("description"),
            Some("Description is 2001 characters long; the most is 2000.")
        );
    }
}
