//! One demo incident and everything that belongs to it: drawn first (what it is), then its
//! rows written table by table. The steps draw from the random source in a fixed order, so a
//! seed always gives the same data.

use std::fmt::Write as _;

use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use super::World;
use super::followup::{postmortem, updates};
use super::random::Rng;
use super::rows::{Batch, esc, opt_ts, ts};
use super::words::{KINDS, NOTES, SYMPTOMS};
use crate::domain::time::utc_minutes;

/// Adds one incident and everything that belongs to it to `b`.
pub(super) fn incident(rng: &mut Rng, w: &World, b: &mut Batch, index: usize, number: i64) {
    let f = Facts::draw(rng, w, index);
    f.write(rng, b, number);
    let team = Team::assemble(rng, w, b, &f);
    let (ic, cl) = (team.ic, team.cl);
    timeline(rng, w, b, &f, team);
    if let Some(cl) = cl
        && f.severity <= "SEV2"
    {
        updates(w, b, &f, cl);
    }
    if f.severity <= "SEV2" && f.res.is_some() && rng.chance(0.85) {
        postmortem(rng, w, b, &f, ic);
    }
}

/// What one incident is.
pub(super) struct Facts {
    pub(super) id: Uuid,
    pub(super) severity: &'static str,
    pub(super) kind: &'static str,
    pub(super) affected: Vec<(Uuid, &'static str)>,
    pub(super) title: String,
    pub(super) summary: String,
    pub(super) status: &'static str,
    pub(super) started: OffsetDateTime,
    pub(super) detected: OffsetDateTime,
    pub(super) ack: Option<OffsetDateTime>,
    pub(super) mit: Option<OffsetDateTime>,
    pub(super) res: Option<OffsetDateTime>,
    pub(super) clo: Option<OffsetDateTime>,
    pub(super) filer: Uuid,
    pub(super) source: &'static str,
}

/// Someone from the demo people, with their name.
pub(super) fn person<'w>(rng: &mut Rng, w: &'w World) -> (Uuid, &'w str) {
    let i = rng.below(w.people.len() as u64) as usize;
    (w.people[i], w.names[i].as_str())
}

impl Facts {
    fn draw(rng: &mut Rng, w: &World, index: usize) -> Facts {
        let id = Uuid::now_v7();
        let span = Duration::days(365 * w.years);
        // Spread evenly over the years, a little jitter, the newest near now.
        let age = span * ((w.total - index) as f64 / w.total as f64)
            - Duration::minutes(rng.below(600) as i64);
        let started = w.now - age.max(Duration::minutes(5));
        let severity = match rng.below(100) {
            0..=4 => "SEV1",
            5..=19 => "SEV2",
            20..=59 => "SEV3",
            _ => "SEV4",
        };
        let kind = weighted_kind(rng);
        let n_services = 1 + rng.below(3) as usize;
        let mut affected: Vec<(Uuid, &str)> = Vec::new();
        while affected.len() < n_services {
            let s = *rng.pick(&w.services);
            if !affected.iter().any(|a| a.0 == s.0) {
                affected.push(s);
            }
        }
        let symptom = rng.pick(SYMPTOMS);
        let title = format!("{} {}", affected[0].1, symptom);
        let summary = format!(
            "{} started {} for some customers. Responders traced it to {} and {}.",
            affected[0].1,
            symptom,
            rng.pick(&[
                "a configuration change",
                "a dependency",
                "a capacity limit",
                "a bad release",
                "an expired credential"
            ]),
            rng.pick(&[
                "rolled it back",
                "scaled out",
                "failed over",
                "patched it",
                "worked around it"
            ]),
        );
        let (status, detected, ack, mit, res, clo) = milestones(rng, w, started);
        let (filer, _) = person(rng, w);
        let source = *rng.pick(&["form", "form", "api", "alertmanager"]);
        Facts {
            id,
            severity,
            kind,
            affected,
            title,
            summary,
            status,
            started,
            detected,
            ack,
            mit,
            res,
            clo,
            filer,
            source,
        }
    }

    /// The incident's row and its services' rows.
    fn write(&self, rng: &mut Rng, b: &mut Batch, number: i64) {
        let f = self;
        let id = f.id;
        let updated = f.clo.or(f.res).or(f.mit).or(f.ack).unwrap_or(f.detected);
        let mut names: Vec<&str> = f.affected.iter().map(|a| a.1).collect();
        names.sort_by_key(|n| n.to_lowercase());
        let service_names = format!(
            "{{{}}}",
            names
                .iter()
                .map(|n| format!("\"{}\"", n.replace('\\', "\\\\").replace('"', "\\\"")))
                .collect::<Vec<_>>()
                .join(",")
        );
        let impact = if f.severity <= "SEV2" {
            "Customers could not complete purchases."
        } else {
            ""
        };
        let version = 6 + rng.below(6);
        let _ = writeln!(
            b.incidents,
            "{id}\t{number}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{version}\t{}\t{}\t{}\t{}\t\t{}",
            esc(&f.title),
            esc(&f.summary),
            f.kind,
            f.severity,
            f.status,
            impact,
            f.source,
            ts(f.started),
            ts(f.detected),
            opt_ts(f.ack),
            opt_ts(f.mit),
            opt_ts(f.res),
            opt_ts(f.clo),
            ts(f.detected),
            ts(updated),
            f.kind == "security",
            f.filer,
            esc(&service_names),
        );
        for (i, (sid, _)) in f.affected.iter().enumerate() {
            let impact = if i == 0 && f.kind != "degradation" {
                "full"
            } else {
                "partial"
            };
            let _ = writeln!(b.services, "{id}\t{sid}\t{impact}");
        }
    }
}

/// An incident kind, drawn by the weights in [`KINDS`].
fn weighted_kind(rng: &mut Rng) -> &'static str {
    let mut roll = rng.below(100);
    KINDS
        .iter()
        .find(|(_, weight)| {
            if roll < *weight {
                true
            } else {
                roll -= weight;
                false
            }
        })
        .map_or("other", |(k, _)| *k)
}

type Times = (
    &'static str,
    OffsetDateTime,
    Option<OffsetDateTime>,
    Option<OffsetDateTime>,
    Option<OffsetDateTime>,
    Option<OffsetDateTime>,
);

/// The status and milestones (detected, acknowledged, mitigated, resolved, closed) of an
/// incident whose impact started at `started`. Incidents of the last few hours may still be
/// open.
fn milestones(rng: &mut Rng, w: &World, started: OffsetDateTime) -> Times {
    let detected = started + rng.minutes(1, 45);
    let acknowledged = detected + rng.minutes(1, 20);
    let mitigated = acknowledged + rng.minutes(5, 240);
    let resolved = mitigated + rng.minutes(5, 600);
    let closed = resolved + Duration::hours(rng.below(24 * 7) as i64 + 1);
    let fresh = w.now - started < Duration::hours(8);
    let (status, ack, mit, res, clo) = if fresh && rng.chance(0.7) {
        match rng.below(3) {
            0 => ("investigating", None, None, None, None),
            1 => ("identified", Some(acknowledged), None, None, None),
            _ => (
                "monitoring",
                Some(acknowledged),
                Some(mitigated),
                None,
                None,
            ),
        }
    } else if closed < w.now {
        (
            "closed",
            Some(acknowledged),
            Some(mitigated),
            Some(resolved),
            Some(closed),
        )
    } else {
        (
            "resolved",
            Some(acknowledged),
            Some(mitigated),
            Some(resolved.min(w.now)),
            None,
        )
    };
    let ack = ack.map(|t| t.min(w.now));
    let mit = mit.map(|t| t.min(w.now));
    // Some older incidents lack a milestone people forgot to record.
    let ack = if rng.chance(0.04) { None } else { ack };
    (status, detected.min(w.now), ack, mit, res, clo)
}

/// A timeline entry before it is written.
struct Entry {
    at: OffsetDateTime,
    kind: &'static str,
    author: Option<Uuid>,
    body: String,
    highlighted: bool,
}

impl Entry {
    fn system(at: OffsetDateTime, kind: &'static str, author: Option<Uuid>, body: String) -> Self {
        Entry {
            at,
            kind,
            author,
            body,
            highlighted: false,
        }
    }
}

/// The response team: an IC (sometimes handed off), an OL, often a CL, a few members.
struct Team {
    ic: Uuid,
    cl: Option<Uuid>,
    ol: Uuid,
    /// The declaration and every assignment, for the timeline.
    entries: Vec<Entry>,
}

impl Team {
    fn assemble(rng: &mut Rng, w: &World, b: &mut Batch, f: &Facts) -> Team {
        let id = f.id;
        let declared = format!(
            "Declared a {} {} incident.",
            f.severity,
            f.kind.replace('_', " ")
        );
        let mut entries = vec![Entry::system(f.detected, "status", None, declared)];
        let team_at = f.ack.unwrap_or(f.detected);
        let role = |b: &mut Batch, role: &str, under: &str, who: Uuid, relieved, by: Uuid| {
            let _ = writeln!(
                b.roles,
                "{}\t{id}\t{role}\t{under}\t{who}\t{}\t{}\t\t{by}",
                Uuid::now_v7(),
                ts(team_at),
                opt_ts(relieved)
            );
        };
        let (ic, ic_name) = person(rng, w);
        let handoff = rng.chance(0.2) && f.res.is_some();
        let ic_relieved = handoff
            .then(|| team_at + rng.minutes(20, 120))
            .map(|t| t.min(w.now));
        role(b, "ic", "\\N", ic, ic_relieved, f.filer);
        let took = format!("{ic_name} took the Incident Commander role.");
        entries.push(Entry::system(team_at, "role", Some(f.filer), took));
        if let Some(at) = ic_relieved {
            let (next, next_name) = person(rng, w);
            let _ = writeln!(
                b.roles,
                "{}\t{id}\tic\t\\N\t{next}\t{}\t\\N\t\t{ic}",
                Uuid::now_v7(),
                ts(at)
            );
            let took =
                format!("{next_name} took the Incident Commander role, handed off from {ic_name}.");
            entries.push(Entry::system(at, "role", Some(ic), took));
        }
        let (ol, ol_name) = person(rng, w);
        role(b, "ol", "\\N", ol, None, ic);
        let took = format!("{ol_name} took the Operations Lead role.");
        entries.push(Entry::system(team_at, "role", Some(ic), took));
        let with_cl = f.severity <= "SEV2" || rng.chance(0.3);
        let (cl, cl_name) = person(rng, w);
        if with_cl {
            role(b, "cl", "\\N", cl, None, ic);
            let took = format!("{cl_name} took the Communications Lead role.");
            entries.push(Entry::system(team_at, "role", Some(ic), took));
        }
        let mut members: Vec<Uuid> = Vec::new();
        for _ in 0..rng.below(3) {
            let (m, m_name) = person(rng, w);
            if members.contains(&m) || m == ol {
                continue;
            }
            members.push(m);
            role(b, "member", "ol", m, None, ol);
            let joined = format!("{m_name} joined the team under the Operations Lead.");
            entries.push(Entry::system(team_at, "role", Some(ol), joined));
        }
        Team {
            ic,
            cl: with_cl.then_some(cl),
            ol,
            entries,
        }
    }
}

/// The timeline: the team's entries, status changes and milestones as they happened, and
/// notes until there are about twenty entries.
fn timeline(rng: &mut Rng, w: &World, b: &mut Batch, f: &Facts, team: Team) {
    let Team {
        ic,
        ol,
        mut entries,
        ..
    } = team;
    let changes = [
        (f.ack, "investigating", "identified", Some("Acknowledged")),
        (f.mit, "identified", "monitoring", Some("Mitigated")),
        (f.res, "monitoring", "resolved", None),
        (f.clo, "resolved", "closed", None),
    ];
    for (at, from, to, milestone) in changes {
        let Some(at) = at else { continue };
        let changed = format!("Status changed from {from} to {to}.");
        entries.push(Entry::system(at, "status", Some(ic), changed));
        if let Some(label) = milestone {
            let set = format!("{label} set to {}.", utc_minutes(at));
            entries.push(Entry::system(at, "milestone", Some(ic), set));
        }
    }
    if rng.chance(0.15) {
        let at = f.detected + rng.minutes(2, 30);
        let changed = format!("Severity changed from SEV3 to {}.", f.severity);
        entries.push(Entry::system(at.min(w.now), "severity", Some(ic), changed));
    }
    let end = f
        .res
        .or(f.mit)
        .unwrap_or(w.now)
        .max(f.detected + Duration::minutes(1));
    let notes = 20usize.saturating_sub(entries.len()).max(3);
    let length = (end - f.detected).whole_seconds().max(60) as u64;
    for _ in 0..notes {
        let at = f.detected + Duration::seconds(rng.below(length) as i64);
        let author = if rng.chance(0.5) { ic } else { ol };
        entries.push(Entry {
            at,
            kind: "note",
            author: Some(author),
            body: rng.pick(NOTES).to_string(),
            highlighted: rng.chance(0.15),
        });
    }
    entries.sort_by_key(|e| e.at);
    for e in &entries {
        let automated = e.kind == "status" && e.author.is_none() && f.source == "alertmanager";
        let _ = writeln!(
            b.timeline,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t\\N\t{}\t{automated}\t1\t\\N",
            Uuid::now_v7(),
            f.id,
            e.kind,
            ts(e.at),
            ts(e.at),
            e.author.map_or_else(|| "\\N".to_owned(), |a| a.to_string()),
            esc(&e.body),
            e.highlighted,
        );
    }
}
