//! `murphy demo-data --incidents N`: years of realistic incidents for trying Murphy out and
//! for benchmarks. A spread of severities, kinds and services; full milestone times; response
//! teams with hand-offs; about twenty timeline entries each; stakeholder updates; post-mortems
//! with action items for most SEV1 and SEV2 incidents. Rows are generated in batches and
//! loaded with COPY, with progress on standard error.

mod followup;
mod incident;
mod random;
mod rows;
mod words;

use crate::domain::postmortem::template::{QuestionRow, SectionRow, TemplateInput};
use crate::domain::taxonomy::TagKind;
use std::io::Write as _;
use std::time::Instant;

use anyhow::bail;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::store;
use random::Rng;
use rows::Batch;
use words::{FIRST_NAMES, LAST_NAMES, SERVICES};

/// Incidents generated and loaded per batch.
const BATCH: usize = 2_000;
/// Demo people.
const PEOPLE: usize = 200;

/// What every demo incident is drawn from.
struct World {
    people: Vec<Uuid>,
    names: Vec<String>,
    services: Vec<(Uuid, &'static str)>,
    now: OffsetDateTime,
    years: i64,
    total: usize,
    /// The contributing factors and triggers post-mortems are tagged with.
    factors: Vec<Uuid>,
    triggers: Vec<Uuid>,
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

/// The demo people (a tenth of them viewers) and services, created once per database.
async fn world(conn: &mut sqlx::PgConnection, years: i64, total: usize) -> anyhow::Result<World> {
    let emails: Vec<String> = (1..=PEOPLE)
        .map(|i| format!("demo-{i:03}@demo.murphy.invalid"))
        .collect();
    let names: Vec<String> = (0..PEOPLE)
        .map(|i| {
            format!(
                "{} {}",
                FIRST_NAMES[i % 20],
                LAST_NAMES[(i / 20 + i * 7) % 20]
            )
        })
        .collect();
    let roles: Vec<String> = (0..PEOPLE)
        .map(|i| if i % 10 == 0 { "viewer" } else { "responder" }.to_owned())
        .collect();
    let people = store::demo::people(conn, &emails, &names, &roles).await?;
    let service_names: Vec<String> = SERVICES.iter().map(|s| s.0.to_owned()).collect();
    let descriptions: Vec<String> = SERVICES.iter().map(|s| s.1.to_owned()).collect();
    let targets: Vec<Option<f64>> = SERVICES.iter().map(|s| s.2).collect();
    let windows: Vec<Option<i32>> = SERVICES.iter().map(|s| s.2.map(|_| 30)).collect();
    let service_ids =
        store::demo::services(conn, &service_names, &descriptions, &targets, &windows).await?;
    if store::postmortem_templates::list(&mut *conn)
        .await?
        .is_empty()
    {
        let fields = security_template()
            .parse()
            .map_err(|e| anyhow::anyhow!("the demo template: {:?}", e.into_vec()))?;
        if let Err(e) = store::postmortem_templates::add(conn, &fields).await? {
            bail!("the demo template: {:?}", e.into_vec());
        }
    }
    let tags = store::taxonomy::list(&mut *conn).await?;
    let of = |kind| {
        tags.iter()
            .filter(|t| t.kind == kind && !t.retired)
            .map(|t| t.id)
            .collect()
    };
    Ok(World {
        factors: of(TagKind::Factor),
        triggers: of(TagKind::Trigger),
        people,
        names,
        services: service_ids
            .into_iter()
            .zip(SERVICES.iter().map(|s| s.0))
            .collect(),
        now: OffsetDateTime::now_utc(),
        years: years.max(1),
        total,
    })
}

/// A post-mortem template for security incidents: the SRE sections, one more with a
/// prompt, and questions of each kind.
fn security_template() -> TemplateInput {
    let mut input = TemplateInput::starting();
    input.name = "Security incident review".into();
    input.description = "For incidents that touched customer data or credentials.".into();
    input.kinds = vec!["security".into()];
    input.sections.insert(
        2,
        SectionRow {
            title: "Data and credentials exposed".into(),
            guidance: "What was reachable, by whom, for how long.".into(),
            prompt: "- Records:\n- Credentials rotated:\n- Customers notified:".into(),
            required: true,
            ..SectionRow::default()
        },
    );
    input.questions = vec![
        QuestionRow {
            text: "Was customer data read by anyone outside the company?".into(),
            kind: "yes_no".into(),
            required: true,
            ..QuestionRow::default()
        },
        QuestionRow {
            text: "Which regulator must be told?".into(),
            kind: "choice".into(),
            choices: vec![
                "None".into(),
                "Data protection authority".into(),
                "Card schemes".into(),
            ],
            required: true,
            ..QuestionRow::default()
        },
        QuestionRow {
            text: "What would have shown this sooner?".into(),
            kind: "text".into(),
            ..QuestionRow::default()
        },
    ];
    input
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
    let world = world(&mut conn, years, count).await?;
    let first_number = store::demo::take_numbers(&mut conn, count as i64).await?;
    let started = Instant::now();
    progress(0, count, started);
    let mut done = 0;
    while done < count {
        let size = BATCH.min(count - done);
        let mut batch = Batch::default();
        for i in done..done + size {
            incident::incident(&mut rng, &world, &mut batch, i, first_number + i as i64);
        }
        store::demo::load_batch(&mut conn, &batch.tables()).await?;
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
