//! A stale edit merged with what was saved meanwhile, field by field, against the version
//! the form was loaded from (the base): a field only one side changed takes that side's
//! value; only fields both sides changed, differently, are conflicts.

use serde_json::Value;
use time::OffsetDateTime;

use super::{Incident, IncidentEdit, IncidentFields, Kind, Milestone, Milestones, Severity};
use crate::domain::time::parse_rfc3339;

/// The incident as the person's form was loaded: what their edit started from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base {
    pub fields: IncidentFields,
    pub milestones: Milestones,
}

impl Base {
    /// Reads back what [`Incident::snapshot`] wrote; `None` if it is not such a snapshot.
    pub fn from_snapshot(snapshot: &Value) -> Option<Base> {
        let text = |key: &str| snapshot.get(key)?.as_str().map(str::to_owned);
        let time = |key: &str| match snapshot.get(key)? {
            Value::Null => Some(None),
            Value::String(s) => parse_rfc3339(s).ok().map(Some),
            _ => None,
        };
        let services = snapshot
            .get("services")?
            .as_array()?
            .iter()
            .map(|s| s.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()?;
        let fields = IncidentFields {
            title: text("title")?,
            summary: text("summary")?,
            kind: text("kind")?.parse::<Kind>().ok()?,
            severity: text("severity")?.parse::<Severity>().ok()?,
            services,
            customer_impact: text("customer_impact")?,
            restricted: snapshot.get("restricted")?.as_bool()?,
        };
        let mut milestones = Milestones::new(time("impact_started_at")??);
        for &m in &Milestone::ALL[1..] {
            milestones.set(m, time(m.as_str())?);
        }
        Some(Base { fields, milestones })
    }
}

/// A field of the incident form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Summary,
    Kind,
    Severity,
    Services,
    CustomerImpact,
    Restricted,
    Milestone(Milestone),
}

impl Field {
    pub fn label(self) -> &'static str {
        match self {
            Field::Title => "Title",
            Field::Summary => "Summary",
            Field::Kind => "Kind",
            Field::Severity => "Severity",
            Field::Services => "Services",
            Field::CustomerImpact => "Customer impact",
            Field::Restricted => "Restricted",
            Field::Milestone(m) => m.label(),
        }
    }
}

/// The edit to save, and the fields both sides changed differently: those hold the other
/// person's value until the person chooses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub edit: IncidentEdit,
    pub conflicts: Vec<Field>,
}

/// Whether my value of `field` is taken: when only I changed it. When we both changed it
/// and differently, it is a conflict (and theirs stays).
fn pick(field: Field, by_me: bool, by_them: bool, same: bool, conflicts: &mut Vec<Field>) -> bool {
    if by_me && by_them && !same {
        conflicts.push(field);
    }
    by_me && !by_them
}

/// Sets `out` (their value) to `mine` when only I changed the field from `base`; `same`
/// says when two values are one.
fn take<T: Clone>(
    field: Field,
    base: &T,
    mine: &T,
    out: &mut T,
    conflicts: &mut Vec<Field>,
    same: impl Fn(&T, &T) -> bool,
) {
    if pick(
        field,
        !same(mine, base),
        !same(out, base),
        same(mine, out),
        conflicts,
    ) {
        *out = mine.clone();
    }
}

/// Merges `mine` (loaded at `base`) with `theirs` (saved since), at `theirs`' version.
///
/// Times typed in a form carry minutes only, so a milestone counts as changed by the person
/// only if it differs from the base at minute precision; one they left alone keeps its
/// exact saved value.
pub fn three_way(
    base: &Base,
    mine: &IncidentEdit,
    theirs: &Incident,
    now: OffsetDateTime,
) -> Merged {
    let mut conflicts = Vec::new();
    let (b, m) = (&base.fields, &mine.fields);
    let mut fields = IncidentFields {
        title: theirs.title.clone(),
        summary: theirs.summary.clone(),
        kind: theirs.kind,
        severity: theirs.severity,
        services: theirs.services.clone(),
        customer_impact: theirs.customer_impact.clone(),
        restricted: theirs.restricted,
    };
    let same_set = |x: &Vec<String>, y: &Vec<String>| {
        let (mut x, mut y) = (x.clone(), y.clone());
        x.sort();
        y.sort();
        x == y
    };
    // Each field: mine when only I changed it, a conflict when we both did, differently.
    macro_rules! merge {
        ($field:ident, $name:ident) => {
            merge!($field, $name, PartialEq::eq)
        };
        ($field:ident, $name:ident, $same:expr) => {
            take(
                Field::$field,
                &b.$name,
                &m.$name,
                &mut fields.$name,
                &mut conflicts,
                $same,
            )
        };
    }
    merge!(Title, title);
    merge!(Summary, summary);
    merge!(Kind, kind);
    merge!(Severity, severity);
    merge!(Services, services, same_set);
    merge!(CustomerImpact, customer_impact);
    merge!(Restricted, restricted);
    let minute = |at: Option<OffsetDateTime>| at.map(|at| at.unix_timestamp().div_euclid(60));
    let mut milestones = theirs.milestones;
    for &ms in Milestone::ALL {
        let (mv, bv, tv) = (
            mine.milestones.get(ms),
            base.milestones.get(ms),
            theirs.milestones.get(ms),
        );
        if pick(
            Field::Milestone(ms),
            minute(mv) != minute(bv),
            tv != bv,
            minute(mv) == minute(tv),
            &mut conflicts,
        ) {
            milestones.set(ms, mv);
        }
    }
    // Two sets of milestones, each in order, may not be in order together.
    if !milestones.check(now).is_empty() {
        for &ms in Milestone::ALL {
            let field = Field::Milestone(ms);
            let differ = minute(mine.milestones.get(ms)) != minute(theirs.milestones.get(ms));
            if differ && !conflicts.contains(&field) {
                conflicts.push(field);
            }
        }
        milestones = theirs.milestones;
    }
    Merged {
        edit: IncidentEdit {
            fields,
            milestones,
            version: theirs.version,
            base: None,
        },
        conflicts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::IncidentId;
    use crate::domain::incident::{Source, Status};
    use time::Duration;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-26 12:00 UTC);

    fn incident() -> Incident {
        let mut milestones = Milestones::new(datetime!(2026-11-26 10:00:17.5 UTC));
        milestones.detected_at = Some(datetime!(2026-11-26 10:05:03 UTC));
        Incident {
            id: IncidentId::default(),
            number: 1,
            title: "Checkout is down".into(),
            summary: "Cards fail.".into(),
            kind: Kind::Outage,
            severity: Severity::Sev2,
            status: Status::Investigating,
            customer_impact: String::new(),
            source: Source::Form,
            services: vec!["api".into(), "web".into()],
            milestones,
            restricted: false,
            created_by: None,
            runbook_url: String::new(),
            version: 3,
            created_at: NOW,
            updated_at: NOW,
        }
    }

    /// The form as loaded from `incident`: times at minute precision, as typed back.
    fn form_of(incident: &Incident) -> IncidentEdit {
        let mut milestones = incident.milestones;
        for &m in Milestone::ALL {
            let at = incident
                .milestones
                .get(m)
                .map(|at| at.replace_second(0).unwrap().replace_nanosecond(0).unwrap());
            milestones.set(m, at);
        }
        IncidentEdit {
            fields: IncidentFields {
                title: incident.title.clone(),
                summary: incident.summary.clone(),
                kind: incident.kind,
                severity: incident.severity,
                services: incident.services.clone(),
                customer_impact: incident.customer_impact.clone(),
                restricted: incident.restricted,
            },
            milestones,
            version: incident.version,
            base: None,
        }
    }

    fn base_of(incident: &Incident) -> Base {
        Base::from_snapshot(&incident.snapshot()).expect("a snapshot reads back")
    }

    #[test]
    fn a_snapshot_reads_back_exactly() {
        let i = incident();
        let base = base_of(&i);
        assert_eq!(base.milestones, i.milestones);
        assert_eq!(base.fields.services, i.services);
        assert!(Base::from_snapshot(&serde_json::json!({"title": "x"})).is_none());
    }

    #[test]
    fn fields_only_one_side_changed_merge_silently() {
        let loaded = incident();
        let base = base_of(&loaded);
        let mut mine = form_of(&loaded);
        mine.fields.summary = "Cards fail at the gateway.".into();
        let mut theirs = loaded.clone();
        theirs.title = "Checkout rejects every card".into();
        theirs.severity = Severity::Sev1;
        theirs.version = 4;
        let merged = three_way(&base, &mine, &theirs, NOW);
        assert_eq!(merged.conflicts, []);
        assert_eq!(merged.edit.fields.title, "Checkout rejects every card");
        assert_eq!(merged.edit.fields.severity, Severity::Sev1);
        assert_eq!(merged.edit.fields.summary, "Cards fail at the gateway.");
        assert_eq!(merged.edit.version, 4);
        // Milestones the person left alone keep their exact saved values.
        assert_eq!(merged.edit.milestones, loaded.milestones);
    }

    #[test]
    fn only_fields_both_changed_differently_conflict_and_keep_theirs() {
        let loaded = incident();
        let base = base_of(&loaded);
        let mut mine = form_of(&loaded);
        mine.fields.title = "Payments down".into();
        mine.fields.services = vec!["web".into(), "api".into(), "payments".into()];
        mine.fields.kind = Kind::Degradation;
        let mut theirs = loaded.clone();
        theirs.title = "Checkout rejects every card".into();
        theirs.kind = Kind::Degradation;
        theirs.version = 4;
        let merged = three_way(&base, &mine, &theirs, NOW);
        assert_eq!(merged.conflicts, [Field::Title]);
        assert_eq!(merged.edit.fields.title, "Checkout rejects every card");
        assert_eq!(merged.edit.fields.kind, Kind::Degradation);
        assert_eq!(merged.edit.fields.services, ["web", "api", "payments"]);
    }

    #[test]
    fn milestones_merge_and_conflict_by_the_minute() {
        let loaded = incident();
        let base = base_of(&loaded);
        let mut mine = form_of(&loaded);
        mine.milestones.mitigated_at = Some(datetime!(2026-11-26 11:00 UTC));
        let mut theirs = loaded.clone();
        theirs.milestones.acknowledged_at = Some(datetime!(2026-11-26 10:10:42 UTC));
        theirs.version = 4;
        let merged = three_way(&base, &mine, &theirs, NOW);
        assert_eq!(merged.conflicts, []);
        assert_eq!(
            merged.edit.milestones.acknowledged_at,
            theirs.milestones.acknowledged_at
        );
        assert_eq!(
            merged.edit.milestones.mitigated_at,
            Some(datetime!(2026-11-26 11:00 UTC))
        );

        // Both set mitigation, differently: a conflict. Out of order together: conflicts too.
        theirs.milestones.mitigated_at = Some(datetime!(2026-11-26 11:30 UTC));
        let merged = three_way(&base, &mine, &theirs, NOW);
        assert_eq!(merged.conflicts, [Field::Milestone(Milestone::Mitigated)]);
        assert_eq!(
            merged.edit.milestones.mitigated_at,
            theirs.milestones.mitigated_at
        );

        let mut late = loaded.clone();
        late.milestones.resolved_at = Some(datetime!(2026-11-26 10:30 UTC));
        late.version = 4;
        let merged = three_way(&base, &mine, &late, NOW - Duration::ZERO);
        assert_eq!(
            merged.conflicts,
            [
                Field::Milestone(Milestone::Mitigated),
                Field::Milestone(Milestone::Resolved)
            ]
        );
        assert_eq!(merged.edit.milestones, late.milestones);
    }

    #[test]
    fn the_same_change_on_both_sides_is_no_conflict() {
        let loaded = incident();
        let base = base_of(&loaded);
        let mut mine = form_of(&loaded);
        mine.fields.severity = Severity::Sev1;
        let mut theirs = loaded.clone();
        theirs.severity = Severity::Sev1;
        theirs.version = 4;
        let merged = three_way(&base, &mine, &theirs, NOW);
        assert_eq!(merged.conflicts, []);
        assert_eq!(merged.edit.fields.severity, Severity::Sev1);
    }
}
