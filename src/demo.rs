//! `murphy demo-data --incidents N`: years of realistic incidents for trying Murphy out and
//! for benchmarks. A spread of severities, kinds and services; full milestone times; response
//! teams with hand-offs; about twenty timeline entries each; stakeholder updates; post-mortems
//! with action items for most SEV1 and SEV2 incidents. Rows are generated in batches and
//! loaded with COPY, with progress on standard error.

use std::fmt::Write as _;
use std::io::Write as _;
use std::time::Instant;

use anyhow::bail;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::store;

/// Incidents generated and loaded per batch.
const BATCH: usize = 2_000;

/// A small, fast, deterministic random source (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// 0 ≤ n < `below`.
    fn below(&mut self, below: u64) -> u64 {
        self.next() % below.max(1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    /// Minutes, skewed short: most values near `low`, a long tail up to `high`.
    fn minutes(&mut self, low: i64, high: i64) -> Duration {
        let span = (high - low).max(1) as u64;
        let a = self.below(span);
        let b = self.below(span);
        Duration::minutes(low + a.min(b) as i64)
    }
}

const SERVICES: &[(&str, &str, Option<f64>)] = &[
    ("checkout", "Takes card and wallet payments", Some(99.95)),
    (
        "payments-api",
        "Talks to the payment providers",
        Some(99.95),
    ),
    ("search", "Product search", Some(99.9)),
    ("catalog", "Products, prices and stock", Some(99.9)),
    ("accounts", "Sign-up, sign-in and profiles", Some(99.95)),
    ("orders", "Order placement and history", Some(99.9)),
    ("notifications", "Email, SMS and push", Some(99.5)),
    (
        "mobile-api",
        "Backend for the iOS and Android apps",
        Some(99.9),
    ),
    ("web-frontend", "The storefront", Some(99.9)),
    ("cdn", "Static assets and images", Some(99.99)),
    ("edge-proxy", "TLS termination and routing", Some(99.99)),
    ("auth", "Tokens and sessions", Some(99.99)),
    ("recommendations", "Product suggestions", Some(99.0)),
    ("reviews", "Customer reviews", Some(99.0)),
    ("inventory", "Warehouse stock levels", Some(99.5)),
    ("shipping", "Rates, labels and tracking", Some(99.5)),
    ("billing", "Invoices and subscriptions", Some(99.9)),
    ("data-warehouse", "Analytics and reporting", None),
    ("logging", "Log pipeline", None),
    ("metrics", "Monitoring and alerting", None),
    ("ci", "Builds and deploys", None),
    ("kafka", "Event streaming", Some(99.9)),
    ("orders-db", "PostgreSQL for orders", Some(99.95)),
    ("users-db", "PostgreSQL for accounts", Some(99.95)),
    ("redis-cache", "Shared cache", Some(99.9)),
    ("object-storage", "Uploads and backups", Some(99.9)),
    ("support-tools", "Customer support console", Some(99.0)),
    ("partner-api", "API for partners", Some(99.5)),
    ("fraud", "Fraud scoring", Some(99.9)),
    ("dns", "Internal and external DNS", Some(99.99)),
];

const SYMPTOMS: &[&str] = &[
    "returning 5xx errors",
    "elevated latency",
    "database timeout on writes",
    "connection pool exhausted",
    "certificate expired",
    "deploy failing health checks",
    "queue backlog growing",
    "disk full on primary",
    "memory leak after release",
    "stale cache serving old prices",
    "replication lag above five minutes",
    "rate limits hit at the provider",
    "DNS resolution failures",
    "intermittent 502s from the load balancer",
    "requests dropped during failover",
    "background jobs stuck",
    "login loop on mobile",
    "search results empty for some queries",
    "traffic spike from a campaign",
    "data export missing rows",
];

const KINDS: &[(&str, u64)] = &[
    ("outage", 25),
    ("degradation", 40),
    ("deploy_failure", 15),
    ("traffic_surge", 6),
    ("security", 3),
    ("ddos", 2),
    ("data_loss", 2),
    ("other", 7),
];

const NOTES: &[&str] = &[
    "Checked the dashboards: error rate rose at the same time as the deploy.",
    "Paged the owning team; they are joining the bridge.",
    "Rolled back to the previous release.",
    "Error rate is dropping after the rollback.",
    "Found connection pool saturation on the primary database.",
    "Raised the pool size from 50 to 80 as a stopgap.",
    "Customer support reports tickets about failed payments.",
    "Provider status page confirms a partial outage on their side.",
    "Failed over to the secondary region.",
    "Latency back to normal levels for ten minutes.",
    "Added a temporary rate limit for the noisy client.",
    "Cleared the stuck jobs and restarted the workers.",
    "The alert threshold was too loose to catch this early.",
    "Confirmed no data was lost; the queue drained fully.",
    "Scheduled the permanent fix for tomorrow's deploy window.",
    "Disk usage back under 70 % after rotating logs.",
    "Certificate renewed and deployed to all edge nodes.",
    "Watching for recurrence through the evening peak.",
];

/// COPY text format: tabs, newlines and backslashes escaped.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

fn ts(at: OffsetDateTime) -> String {
    crate::domain::time::rfc3339(at)
}

fn opt_ts(at: Option<OffsetDateTime>) -> String {
    at.map_or_else(|| "\\N".to_owned(), ts)
}

/// The rows of one batch, in COPY text format per table.
#[derive(Default)]
struct Batch {
    incidents: String,
    services: String,
    roles: String,
    timeline: String,
    updates: String,
    postmortems: String,
    actions: String,
}

struct World {
    people: Vec<Uuid>,
    names: Vec<String>,
    services: Vec<(Uuid, &'static str)>,
    now: OffsetDateTime,
    years: i64,
    total: usize,
}

/// Adds one incident and everything that belongs to it to `b`.
fn incident(rng: &mut Rng, w: &World, b: &mut Batch, index: usize, number: i64) {
    let id = Uuid::now_v7();
    let span = Duration::days(365 * w.years);
    // Spread evenly over the years, a little jitter, the newest near now.
    let age = span * ((w.total - index) as f64 / w.total as f64)
        - Duration::minutes(rng.below(600) as i64);
    let started = w.now - age.max(Duration::minutes(5));
    let sev_roll = rng.below(100);
    let severity = match sev_roll {
        0..=4 => "SEV1",
        5..=19 => "SEV2",
        20..=59 => "SEV3",
        _ => "SEV4",
    };
    let kind = {
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
    };
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
    // Milestones. Incidents of the last few hours may still be open.
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
    let detected = detected.min(w.now);
    let ack = ack.map(|t| t.min(w.now));
    let mit = mit.map(|t| t.min(w.now));
    // Some older incidents lack a milestone people forgot to record.
    let ack = if rng.chance(0.04) { None } else { ack };
    let restricted = kind == "security";
    let person = |rng: &mut Rng| {
        let i = rng.below(w.people.len() as u64) as usize;
        (w.people[i], w.names[i].as_str())
    };
    let (filer, _) = person(rng);
    let source = *rng.pick(&["form", "form", "api", "alertmanager"]);
    let updated = clo.or(res).or(mit).or(ack).unwrap_or(detected);
    let mut names: Vec<&str> = affected.iter().map(|a| a.1).collect();
    names.sort_by_key(|n| n.to_lowercase());
    let service_names = format!(
        "{{{}}}",
        names
            .iter()
            .map(|n| format!("\"{}\"", n.replace('\\', "\\\\").replace('"', "\\\"")))
            .collect::<Vec<_>>()
            .join(",")
    );
    let _ = writeln!(
        b.incidents,
        "{id}\t{number}\t{}\t{}\t{kind}\t{severity}\t{status}\t{}\t{source}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{filer}\t\t{}",
        esc(&title),
        esc(&summary),
        if severity <= "SEV2" {
            "Customers could not complete purchases."
        } else {
            ""
        },
        ts(started),
        ts(detected),
        opt_ts(ack),
        opt_ts(mit),
        opt_ts(res),
        opt_ts(clo),
        6 + rng.below(6),
        ts(detected),
        ts(updated),
        restricted,
        esc(&service_names),
    );
    for (i, (sid, _)) in affected.iter().enumerate() {
        let impact = if i == 0 && kind != "degradation" {
            "full"
        } else {
            "partial"
        };
        let _ = writeln!(b.services, "{id}\t{sid}\t{impact}");
    }

    // The response team: an IC (sometimes handed off), OL, often a CL, a few members.
    let mut entries: Vec<(OffsetDateTime, &str, Option<Uuid>, String, bool)> = Vec::new();
    let declared = format!("Declared a {severity} {} incident.", kind.replace('_', " "));
    entries.push((detected, "status", None, declared, false));
    let team_at = ack.unwrap_or(detected);
    let (ic, ic_name) = person(rng);
    let handoff = rng.chance(0.2) && res.is_some();
    let ic_relieved = handoff
        .then(|| team_at + rng.minutes(20, 120))
        .map(|t| t.min(w.now));
    let _ = writeln!(
        b.roles,
        "{}\t{id}\tic\t\\N\t{ic}\t{}\t{}\t\t{filer}",
        Uuid::now_v7(),
        ts(team_at),
        opt_ts(ic_relieved)
    );
    entries.push((
        team_at,
        "role",
        Some(filer),
        format!("{ic_name} took the Incident Commander role."),
        false,
    ));
    if let Some(at) = ic_relieved {
        let (next, next_name) = person(rng);
        let _ = writeln!(
            b.roles,
            "{}\t{id}\tic\t\\N\t{next}\t{}\t\\N\t\t{ic}",
            Uuid::now_v7(),
            ts(at)
        );
        entries.push((
            at,
            "role",
            Some(ic),
            format!("{next_name} took the Incident Commander role, handed off from {ic_name}."),
            false,
        ));
    }
    let (ol, ol_name) = person(rng);
    let _ = writeln!(
        b.roles,
        "{}\t{id}\tol\t\\N\t{ol}\t{}\t\\N\t\t{ic}",
        Uuid::now_v7(),
        ts(team_at)
    );
    entries.push((
        team_at,
        "role",
        Some(ic),
        format!("{ol_name} took the Operations Lead role."),
        false,
    ));
    let with_cl = severity <= "SEV2" || rng.chance(0.3);
    let cl = person(rng);
    if with_cl {
        let _ = writeln!(
            b.roles,
            "{}\t{id}\tcl\t\\N\t{}\t{}\t\\N\t\t{ic}",
            Uuid::now_v7(),
            cl.0,
            ts(team_at)
        );
        entries.push((
            team_at,
            "role",
            Some(ic),
            format!("{} took the Communications Lead role.", cl.1),
            false,
        ));
    }
    let mut members: Vec<Uuid> = Vec::new();
    for _ in 0..rng.below(3) {
        let (m, m_name) = person(rng);
        if members.contains(&m) || m == ol {
            continue;
        }
        members.push(m);
        let _ = writeln!(
            b.roles,
            "{}\t{id}\tmember\tol\t{m}\t{}\t\\N\t\t{ol}",
            Uuid::now_v7(),
            ts(team_at)
        );
        entries.push((
            team_at,
            "role",
            Some(ol),
            format!("{m_name} joined the team under the Operations Lead."),
            false,
        ));
    }

    // Status changes and milestones as they happened.
    if let Some(at) = ack {
        entries.push((
            at,
            "status",
            Some(ic),
            "Status changed from investigating to identified.".into(),
            false,
        ));
        entries.push((
            at,
            "milestone",
            Some(ic),
            format!(
                "Acknowledged set to {}.",
                crate::domain::time::utc_minutes(at)
            ),
            false,
        ));
    }
    if let Some(at) = mit {
        entries.push((
            at,
            "status",
            Some(ic),
            "Status changed from identified to monitoring.".into(),
            false,
        ));
        entries.push((
            at,
            "milestone",
            Some(ic),
            format!("Mitigated set to {}.", crate::domain::time::utc_minutes(at)),
            false,
        ));
    }
    if let Some(at) = res {
        entries.push((
            at,
            "status",
            Some(ic),
            "Status changed from monitoring to resolved.".into(),
            false,
        ));
    }
    if let Some(at) = clo {
        entries.push((
            at,
            "status",
            Some(ic),
            "Status changed from resolved to closed.".into(),
            false,
        ));
    }
    if rng.chance(0.15) {
        let at = detected + rng.minutes(2, 30);
        entries.push((
            at.min(w.now),
            "severity",
            Some(ic),
            format!("Severity changed from SEV3 to {severity}."),
            false,
        ));
    }
    // Notes until there are about twenty entries.
    let end = res
        .or(mit)
        .unwrap_or(w.now)
        .max(detected + Duration::minutes(1));
    let notes = 20usize.saturating_sub(entries.len()).max(3);
    let length = (end - detected).whole_seconds().max(60) as u64;
    for _ in 0..notes {
        let at = detected + Duration::seconds(rng.below(length) as i64);
        let author = if rng.chance(0.5) { ic } else { ol };
        entries.push((
            at,
            "note",
            Some(author),
            rng.pick(NOTES).to_string(),
            rng.chance(0.15),
        ));
    }
    entries.sort_by_key(|e| e.0);
    for (at, kind, author, body, highlighted) in &entries {
        let automated = *kind == "status" && author.is_none() && source == "alertmanager";
        let _ = writeln!(
            b.timeline,
            "{}\t{id}\t{kind}\t{}\t{}\t{}\t{}\t\\N\t{highlighted}\t{automated}\t1\t\\N",
            Uuid::now_v7(),
            ts(*at),
            ts(*at),
            author.map_or_else(|| "\\N".to_owned(), |a| a.to_string()),
            esc(body),
        );
    }

    // Stakeholder updates from the CL on the bigger ones.
    if with_cl && severity <= "SEV2" {
        let updates = [
            (
                detected + Duration::minutes(10),
                "We are investigating reports of errors.",
            ),
            (
                mit.unwrap_or(w.now),
                "A fix is in place and we are monitoring.",
            ),
            (res.unwrap_or(w.now), "The incident is resolved."),
        ];
        for (i, (at, text)) in updates.iter().enumerate() {
            if *at > w.now || (i == 1 && mit.is_none()) || (i == 2 && res.is_none()) {
                continue;
            }
            let audience = if i == 0 { "internal" } else { "public" };
            let _ = writeln!(
                b.updates,
                "{}\t{id}\t{}\t{audience}\t{}\t\t{}\t{}",
                Uuid::now_v7(),
                cl.0,
                esc(text),
                opt_ts((i < 2).then(|| *at + Duration::minutes(30))),
                ts(*at)
            );
        }
    }

    // Post-mortems for most resolved SEV1/SEV2 incidents, with action items.
    if severity <= "SEV2" && res.is_some() && rng.chance(0.85) {
        let pm = Uuid::now_v7();
        let written = res.unwrap_or(w.now) + Duration::days(2);
        let published = written < w.now && rng.chance(0.8);
        let state = if published {
            "published"
        } else if rng.chance(0.5) {
            "in_review"
        } else {
            "draft"
        };
        let mut sections = serde_json::Map::new();
        for spec in crate::domain::postmortem::SECTIONS {
            let text = match spec.key {
                "summary" => summary.clone(),
                "impact" => format!("Customers of {} were affected for {} minutes.", affected[0].1, (mit.unwrap_or(end) - started).whole_minutes()),
                "root_causes" => "A configuration change reduced capacity below peak demand; no alert covered the capacity margin.".into(),
                "trigger" => "A routine deploy during peak traffic.".into(),
                "detection" => "An alert on the error rate paged the on-call engineer.".into(),
                "resolution" => "Rolled back the change and restored capacity.".into(),
                "went_well" => "The rollback was quick and well rehearsed.".into(),
                "went_wrong" => "The capacity margin was not monitored.".into(),
                "got_lucky" => "Traffic fell soon after the trigger.".into(),
                "lessons" => "Capacity changes need a load test and an alert on headroom.".into(),
                _ => String::new(),
            };
            sections.insert(
                spec.key.into(),
                serde_json::json!({"text": text, "na": text.is_empty()}),
            );
        }
        let sections = serde_json::Value::Object(sections).to_string();
        let _ = writeln!(
            b.postmortems,
            "{pm}\t{id}\t{state}\t{}\t\t1\t{ic}\t{}\t{}\t{}\t{}",
            esc(&sections),
            ts(written.min(w.now)),
            ts(written.min(w.now)),
            if published { ts(written) } else { "\\N".into() },
            if published {
                ic.to_string()
            } else {
                "\\N".into()
            },
        );
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
            let (owner, _) = person(rng);
            let _ = writeln!(
                b.actions,
                "{}\t{pm}\t{id}\t{title}\t{owner}\t{due}\tp{}\t{kind}\t{status}\t\t1\t{}\t{}",
                Uuid::now_v7(),
                1 + rng.below(3),
                ts(written.min(w.now)),
                ts(written.min(w.now)),
            );
        }
    }
}

/// One batch, in one transaction.
async fn load(conn: &mut sqlx::PgConnection, b: &Batch) -> sqlx::Result<()> {
    use sqlx::Connection;
    let mut tx = conn.begin().await?;
    store::demo::bulk_load(&mut tx).await?;
    let conn = &mut *tx;
    store::demo::copy(
        conn,
        "incident",
        "id, number, title, summary, kind, severity, status, customer_impact, source, \
         impact_started_at, detected_at, acknowledged_at, mitigated_at, resolved_at, closed_at, \
         version, created_at, updated_at, restricted, created_by, runbook_url, service_names",
        b.incidents.as_bytes(),
    )
    .await?;
    store::demo::copy(
        conn,
        "incident_service",
        "incident_id, service_id, impact",
        b.services.as_bytes(),
    )
    .await?;
    store::demo::copy(
        conn,
        "role_assignment",
        "id, incident_id, role, under, person_id, assumed_at, relieved_at, note, assigned_by",
        b.roles.as_bytes(),
    )
    .await?;
    store::demo::copy(
        conn,
        "timeline_entry",
        "id, incident_id, kind, occurred_at, recorded_at, author_id, body, detail, highlighted, \
         automated, version, edited_at",
        b.timeline.as_bytes(),
    )
    .await?;
    store::demo::copy(
        conn,
        "status_update",
        "id, incident_id, author_id, audience, status, impact, next_update_at, published_at",
        b.updates.as_bytes(),
    )
    .await?;
    store::demo::copy(
        conn,
        "postmortem",
        "id, incident_id, state, sections, no_actions_reason, revision, created_by, created_at, \
         updated_at, published_at, published_by",
        b.postmortems.as_bytes(),
    )
    .await?;
    store::demo::copy(
        conn,
        "action_item",
        "id, postmortem_id, incident_id, title, owner_id, due_on, priority, kind, status, \
         tracker_url, version, created_at, updated_at",
        b.actions.as_bytes(),
    )
    .await?;
    tx.commit().await
}

fn progress(done: usize, total: usize, started: Instant) {
    let secs = started.elapsed().as_secs_f64();
    let left = if done > 0 {
        secs / done as f64 * (total - done) as f64
    } else {
        0.0
    };
    let width = 30;
    let filled = width * done / total.max(1);
    eprint!(
        "\r[{}{}] {done}/{total} incidents ({:.0} %), {secs:.0} s, ~{left:.0} s left   ",
        "#".repeat(filled),
        " ".repeat(width - filled),
        done as f64 * 100.0 / total.max(1) as f64
    );
    let _ = std::io::stderr().flush();
}

/// Loads `count` demo incidents over the last `years` years. Refuses a database that holds
/// incidents that are not demo data, unless `force`.
pub async fn run(
    pool: &sqlx::PgPool,
    count: usize,
    years: i64,
    seed: u64,
    force: bool,
) -> anyhow::Result<()> {
    if count == 0 {
        bail!("give a number of incidents above zero, such as --incidents 10000");
    }
    let mut conn = pool.acquire().await?;
    let (_, real) = store::demo::status(&mut conn).await?;
    if real > 0 && !force {
        bail!(
            "this database holds {real} incident(s) that are not demo data; \
             add --force to load demo data beside them"
        );
    }
    let mut rng = Rng(seed);
    let emails: Vec<String> = (1..=200)
        .map(|i| format!("demo-{i:03}@demo.murphy.invalid"))
        .collect();
    let first = [
        "Ada",
        "Grace",
        "Alan",
        "Barbara",
        "Ken",
        "Linus",
        "Margaret",
        "Dennis",
        "Radia",
        "Edsger",
        "Frances",
        "John",
        "Katherine",
        "Leslie",
        "Donald",
        "Hedy",
        "Tim",
        "Sophie",
        "Niklaus",
        "Anita",
    ];
    let last = [
        "Lovelace",
        "Hopper",
        "Turing",
        "Liskov",
        "Thompson",
        "Torvalds",
        "Hamilton",
        "Ritchie",
        "Perlman",
        "Dijkstra",
        "Allen",
        "Backus",
        "Johnson",
        "Lamport",
        "Knuth",
        "Lamarr",
        "Berners-Lee",
        "Wilson",
        "Wirth",
        "Borg",
    ];
    let names: Vec<String> = (0..200)
        .map(|i| format!("{} {}", first[i % 20], last[(i / 20 + i * 7) % 20]))
        .collect();
    let roles: Vec<String> = (0..200)
        .map(|i| if i % 10 == 0 { "viewer" } else { "responder" }.to_owned())
        .collect();
    let people = store::demo::people(&mut conn, &emails, &names, &roles).await?;
    let service_names: Vec<String> = SERVICES.iter().map(|s| s.0.to_owned()).collect();
    let descriptions: Vec<String> = SERVICES.iter().map(|s| s.1.to_owned()).collect();
    let targets: Vec<Option<f64>> = SERVICES.iter().map(|s| s.2).collect();
    let windows: Vec<Option<i32>> = SERVICES.iter().map(|s| s.2.map(|_| 30)).collect();
    let service_ids =
        store::demo::services(&mut conn, &service_names, &descriptions, &targets, &windows).await?;
    let world = World {
        people,
        names,
        services: service_ids
            .into_iter()
            .zip(SERVICES.iter().map(|s| s.0))
            .collect(),
        now: OffsetDateTime::now_utc(),
        years: years.max(1),
        total: count,
    };
    let first_number = store::demo::take_numbers(&mut conn, count as i64).await?;
    let started = Instant::now();
    progress(0, count, started);
    let mut done = 0;
    while done < count {
        let size = BATCH.min(count - done);
        let mut batch = Batch::default();
        for i in done..done + size {
            incident(&mut rng, &world, &mut batch, i, first_number + i as i64);
        }
        load(&mut conn, &batch).await?;
        done += size;
        progress(done, count, started);
    }
    store::demo::mark(&mut *conn, count as i64).await?;
    // Statistics for the planner, and the visibility map for index-only scans.
    store::demo::analyze(&mut conn).await?;
    eprintln!(
        "\nLoaded {count} demo incidents (INC-{first_number} to INC-{}) in {:.1} s.",
        first_number + count as i64 - 1,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_text_escapes_separators() {
        assert_eq!(esc("a\tb\nc\\d"), "a\\tb\\nc\\\\d");
    }

    #[test]
    fn the_random_source_is_deterministic_and_bounded() {
        let mut a = Rng(7);
        let mut b = Rng(7);
        for _ in 0..100 {
            let x = a.below(10);
            assert_eq!(x, b.below(10));
            assert!(x < 10);
        }
        let m = a.minutes(5, 10);
        assert!(m >= Duration::minutes(5) && m < Duration::minutes(10));
    }
}
