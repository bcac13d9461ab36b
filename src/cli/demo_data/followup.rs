//! What follows a demo incident: stakeholder updates and a post-mortem with action items.

use std::fmt::Write as _;

use time::Duration;
use uuid::Uuid;

use super::World;
use super::incident::{Facts, person};
use super::random::Rng;
use super::rows::{Batch, esc, opt_ts, ts};
use super::words::section;

/// Stakeholder updates from the CL: investigating, mitigated, resolved, as far as it got.
pub(super) fn updates(w: &World, b: &mut Batch, f: &Facts, cl: Uuid) {
    let updates = [
        (
            f.detected + Duration::minutes(10),
            "We are investigating reports of errors.",
        ),
        (
            f.mit.unwrap_or(w.now),
            "A fix is in place and we are monitoring.",
        ),
        (f.res.unwrap_or(w.now), "The incident is resolved."),
    ];
    for (i, (at, text)) in updates.iter().enumerate() {
        if *at > w.now || (i == 1 && f.mit.is_none()) || (i == 2 && f.res.is_none()) {
            continue;
        }
        let audience = if i == 0 { "internal" } else { "public" };
        let _ = writeln!(
            b.updates,
            "{}\t{}\t{cl}\t{audience}\t{}\t\t{}\t{}",
            Uuid::now_v7(),
            f.id,
            esc(text),
            opt_ts((i < 2).then(|| *at + Duration::minutes(30))),
            ts(*at)
        );
    }
}

/// A post-mortem (most are published) with a few action items.
pub(super) fn postmortem(rng: &mut Rng, w: &World, b: &mut Batch, f: &Facts, ic: Uuid) {
    let pm = Uuid::now_v7();
    let id = f.id;
    let written = f.res.unwrap_or(w.now) + Duration::days(2);
    let published = written < w.now && rng.chance(0.8);
    let state = if published {
        "published"
    } else if rng.chance(0.5) {
        "in_review"
    } else {
        "draft"
    };
    let end = f
        .res
        .or(f.mit)
        .unwrap_or(w.now)
        .max(f.detected + Duration::minutes(1));
    let mut sections = serde_json::Map::new();
    for spec in crate::domain::postmortem::Template::sre().sections {
        let text = match spec.key.as_str() {
            "summary" => f.summary.clone(),
            "impact" => format!(
                "Customers of {} were affected for {} minutes.",
                f.affected[0].1,
                (f.mit.unwrap_or(end) - f.started).whole_minutes()
            ),
            key => section(key).to_owned(),
        };
        sections.insert(
            spec.key,
            serde_json::json!({"text": text, "na": text.is_empty()}),
        );
    }
    let sections = serde_json::Value::Object(sections).to_string();
    let at = ts(written.min(w.now));
    // Most incidents are found by monitoring; the rest by people, which is worth knowing.
    let detection = *rng.pick(&[
        "alert",
        "alert",
        "alert",
        "alert",
        "synthetic",
        "employee",
        "customer",
    ]);
    // Its first (and only) revision, as writing it keeps one: the revisions page shows it.
    let _ = writeln!(
        b.revisions,
        "{}\t{pm}\t1\t{}\t\t{ic}\t{at}",
        Uuid::now_v7(),
        esc(&sections)
    );
    let _ = writeln!(
        b.postmortems,
        "{pm}\t{id}\t{state}\t{}\t\t1\t{ic}\t{at}\t{at}\t{}\t{}\t{detection}",
        esc(&sections),
        if published { ts(written) } else { "\\N".into() },
        if published {
            ic.to_string()
        } else {
            "\\N".into()
        },
    );
    // One or two contributing factors (some far commoner than others) and one trigger.
    if !w.factors.is_empty() && !w.triggers.is_empty() {
        let n = w.factors.len() as u64;
        let first = rng.below(n).min(rng.below(n)) as usize;
        let _ = writeln!(b.tags, "{pm}\t{}", w.factors[first]);
        if n > 1 && rng.chance(0.4) {
            let second = (first + 1 + rng.below(n - 1) as usize) % n as usize;
            let _ = writeln!(b.tags, "{pm}\t{}", w.factors[second]);
        }
        let _ = writeln!(b.tags, "{pm}\t{}", rng.pick(&w.triggers));
    }
    for (title, kind) in [
        ("Alert on capacity headroom", "detect"),
        ("Load test configuration changes before rollout", "prevent"),
        ("Document the rollback procedure", "process"),
    ] {
        if !rng.chance(0.8) {
            continue;
        }
        let due = (written + Duration::days(14 + rng.below(60) as i64)).date();
        let status = if due < w.now.date() {
            *rng.pick(&["done", "done", "done", "wont_do", "open", "in_progress"])
        } else {
            *rng.pick(&["open", "open", "in_progress", "done"])
        };
        let (owner, _) = person(rng, w);
        let _ = writeln!(
            b.actions,
            "{}\t{pm}\t{id}\t{title}\t{owner}\t{due}\tp{}\t{kind}\t{status}\t\t1\t{at}\t{at}",
            Uuid::now_v7(),
            1 + rng.below(3),
        );
    }
}
