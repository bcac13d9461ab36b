//! Searching what was learned: published post-mortems found by their words (every section,
//! the reason for having no action items, the action items' titles, the names of the
//! factors and triggers they carry), ranked, with
//! highlighted passages; or listed newest first. One statement a page.

use sqlx::{PgExecutor, Postgres, QueryBuilder};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::domain::incident::{Kind, Severity, Visibility};
use crate::domain::postmortem::passage;

pub use crate::domain::postmortem::passage::{MARK_END, MARK_START};

/// The most matches a search ranks: the newest this many (a word every post-mortem has
/// would otherwise rank the whole history).
pub const RANKED_AT_MOST: i64 = 200;

/// How many of the newest published post-mortems a search walks first.
const WALKED: i64 = 1000;

/// When the walk finds at least this many, they are what is ranked: the best of the recent
/// matches. Fewer, and the text index, action items and factors give older ones too. Dates
/// reach further back: a walk they filter finds none.
pub const RECENT_ENOUGH: i64 = 50;

/// What to look for.
#[derive(Debug, Clone, Default)]
pub struct LearnFilter {
    /// Words in web-search syntax ("quoted phrases", -excluded, or).
    pub q: Option<String>,
    /// The stored spelling of a service the incident affected.
    pub service: Option<String>,
    pub kind: Option<Kind>,
    /// Impact started on or after this day (UTC).
    pub from: Option<Date>,
    /// Impact started on or before this day (UTC).
    pub to: Option<Date>,
    /// Tagged with this contributing factor or trigger.
    pub tag: Option<Uuid>,
}

/// Where a page starts: after this post-mortem, in the list's order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum After {
    /// Ranked results: its rank and id.
    Ranked(f32, Uuid),
    /// The newest-first list: when it was published, and its id.
    Newest(OffsetDateTime, Uuid),
}

/// A published post-mortem found.
#[derive(Debug, Clone)]
pub struct Learned {
    pub id: Uuid,
    pub number: i64,
    pub title: String,
    pub severity: Severity,
    pub kind: Kind,
    pub services: Vec<String>,
    pub impact_started_at: OffsetDateTime,
    pub published_at: OffsetDateTime,
    /// How well it matches (0 without a search).
    pub rank: f32,
    /// The passages that match, with [`MARK_START`]…[`MARK_END`] around the words found;
    /// without a search, the start of the summary (or of the template's first section).
    pub passage: String,
    /// Action items whose titles match the search.
    pub matching_actions: Vec<String>,
    /// The contributing factors and triggers it carries, factors first.
    pub tags: Vec<String>,
}

/// A row as the statement gives it: the whole text and the query when searching.
#[derive(sqlx::FromRow)]
struct Found {
    id: Uuid,
    number: i64,
    title: String,
    severity: Severity,
    kind: Kind,
    services: Vec<String>,
    impact_started_at: OffsetDateTime,
    published_at: OffsetDateTime,
    rank: f32,
    /// Searching, the post-mortem's whole text; else the start of its summary.
    text: String,
    /// Searching, the query's text form.
    query: Option<String>,
    matching_actions: Vec<String>,
    tags: Vec<String>,
}

impl From<Found> for Learned {
    fn from(f: Found) -> Self {
        let passage = match f.query {
            Some(query) => passage::passage(&f.text, &passage::query_lexemes(&query)),
            None => f.text,
        };
        Learned {
            id: f.id,
            number: f.number,
            title: f.title,
            severity: f.severity,
            kind: f.kind,
            services: f.services,
            impact_started_at: f.impact_started_at,
            published_at: f.published_at,
            rank: f.rank,
            passage,
            matching_actions: f.matching_actions,
            tags: f.tags,
        }
    }
}

/// The names of the post-mortem `p`'s factors and triggers, factors first.
const TAG_NAMES: &str = "coalesce((SELECT array_agg(lt.name ORDER BY lt.kind, lower(lt.name))
                 FROM postmortem_tag pt JOIN learning_tag lt ON lt.id = pt.tag_id
                 WHERE pt.postmortem_id = p.id), '{}') AS tags";

impl Learned {
    pub fn after(&self) -> After {
        if self.rank > 0.0 {
            After::Ranked(self.rank, self.id)
        } else {
            After::Newest(self.published_at, self.id)
        }
    }
}

fn filters(qb: &mut QueryBuilder<Postgres>, filter: &LearnFilter) {
    if let Some(kind) = filter.kind {
        qb.push(" AND i.kind = ").push_bind(kind.as_str());
    }
    if let Some(service) = &filter.service {
        qb.push(" AND i.service_names @> ARRAY[")
            .push_bind(service.clone())
            .push("]::text[]");
    }
    if let Some(from) = filter.from {
        qb.push(" AND i.impact_started_at >= ")
            .push_bind(from.midnight().assume_utc());
    }
    if let Some(to) = filter.to {
        let next = to.next_day().unwrap_or(to).midnight().assume_utc();
        qb.push(" AND i.impact_started_at < ").push_bind(next);
    }
    if let Some(tag) = filter.tag {
        qb.push(
            " AND EXISTS (SELECT 1 FROM postmortem_tag t WHERE t.postmortem_id = p.id AND t.tag_id = ",
        )
        .push_bind(tag)
        .push(")");
    }
}

/// Up to `limit` published post-mortems `viewer` may see, after `after`: ranked by how well
/// they match `filter.q` when it is given, else newest first.
pub async fn search(
    db: impl PgExecutor<'_>,
    filter: &LearnFilter,
    viewer: Visibility,
    after: Option<After>,
    limit: i64,
) -> sqlx::Result<Vec<Learned>> {
    let mut qb: QueryBuilder<Postgres> = QueryBuilder::new("");
    match filter.q.as_deref() {
        Some(q) => {
            qb.push("WITH q AS (SELECT murphy_query(")
                .push_bind(q.to_owned())
                .push(") AS query)");
            // What matches, bounded whatever the word. First the newest WALKED published
            // post-mortems, walked newest first: a common word finds its newest matches there.
            // Only when they hold fewer than RECENT_ENOUGH does the text index give the rest
            // (every match of a rare word), with action items' titles and the factors' and
            // triggers' names. At most RANKED_AT_MOST, newest first, are then ranked.
            let source =
                |qb: &mut QueryBuilder<Postgres>, name: &str, from: &str, matches: &str| {
                    qb.push(format!(
                        ", {name} AS (SELECT p.id, p.published_at {from} JOIN visible_incident("
                    ))
                    .push_bind(viewer.all)
                    .push(", ")
                    .push_bind(viewer.person_id)
                    .push(format!(
                        ") i ON i.id = p.incident_id WHERE p.state = 'published' AND {matches}"
                    ));
                    filters(qb, filter);
                };
            source(
                &mut qb,
                "recent",
                &format!(
                    "FROM (SELECT * FROM postmortem WHERE state = 'published' \
                     ORDER BY published_at DESC, id DESC LIMIT {WALKED}) p CROSS JOIN q"
                ),
                "p.search @@ q.query",
            );
            // Stops as soon as enough match: a common word walks only as far as it needs.
            qb.push(" LIMIT ").push_bind(RANKED_AT_MOST).push(")");
            let enough = "(SELECT count(*) FROM recent) < ";
            source(
                &mut qb,
                "by_text",
                "FROM postmortem p CROSS JOIN q",
                "p.search @@ q.query",
            );
            qb.push(format!(" AND {enough}"))
                .push_bind(RECENT_ENOUGH)
                .push(" LIMIT ")
                .push_bind(RANKED_AT_MOST)
                .push(")");
            source(
                &mut qb,
                "by_action",
                "FROM action_item x JOIN postmortem p ON p.id = x.postmortem_id CROSS JOIN q",
                "murphy_words(x.title) @@ q.query",
            );
            qb.push(format!(" AND {enough}"))
                .push_bind(RECENT_ENOUGH)
                .push(" LIMIT ")
                .push_bind(RANKED_AT_MOST)
                .push(")");
            source(
                &mut qb,
                "by_tag",
                "FROM learning_tag lt JOIN postmortem_tag pt ON pt.tag_id = lt.id \
                 JOIN postmortem p ON p.id = pt.postmortem_id CROSS JOIN q",
                "murphy_words(lt.name) @@ q.query",
            );
            qb.push(format!(" AND {enough}"))
                .push_bind(RECENT_ENOUGH)
                .push(" LIMIT ")
                .push_bind(RANKED_AT_MOST)
                .push(")");
            qb.push(
                ", candidates AS (
                    SELECT u.id, max(u.published_at) AS published_at,
                           bool_or(u.via_action) AS via_action, bool_or(u.via_tag) AS via_tag
                    FROM (SELECT id, published_at, false AS via_action, false AS via_tag
                          FROM recent
                          UNION ALL SELECT id, published_at, false, false FROM by_text
                          UNION ALL SELECT id, published_at, true, false FROM by_action
                          UNION ALL SELECT id, published_at, false, true FROM by_tag) u
                    GROUP BY u.id ORDER BY published_at DESC, u.id DESC LIMIT ",
            )
            .push_bind(RANKED_AT_MOST)
            .push(
                "),
                hits AS (
                    SELECT p.id, (ts_rank_cd(p.search, q.query)
                           + CASE WHEN c.via_action THEN 0.1 ELSE 0 END
                           + CASE WHEN c.via_tag THEN 0.1 ELSE 0 END)::float4 AS rank
                    FROM candidates c JOIN postmortem p ON p.id = c.id CROSS JOIN q",
            );
            qb.push("), page AS (SELECT * FROM hits");
            if let Some(After::Ranked(rank, id)) = after {
                qb.push(" WHERE (rank, id) < (")
                    .push_bind(rank)
                    .push("::float4, ")
                    .push_bind(id)
                    .push(")");
            }
            qb.push(" ORDER BY rank DESC, id DESC LIMIT ")
                .push_bind(limit)
                .push(
                    ")
                SELECT p.id, i.number, i.title, i.severity, i.kind, i.service_names AS services,
                       i.impact_started_at, p.published_at, page.rank,
                       postmortem_text(p.sections, p.no_actions_reason) AS text,
                       q.query::text AS query,
                       coalesce((SELECT array_agg(x.title ORDER BY x.created_at) FROM action_item x
                                 WHERE x.postmortem_id = p.id
                                   AND murphy_words(x.title) @@ q.query), '{}')
                           AS matching_actions, ",
                )
                .push(TAG_NAMES)
                .push(
                    "
                FROM page JOIN postmortem p ON p.id = page.id
                JOIN incident i ON i.id = p.incident_id CROSS JOIN q
                ORDER BY page.rank DESC, page.id DESC",
                );
        }
        None => {
            qb.push(
                "SELECT p.id, i.number, i.title, i.severity, i.kind, i.service_names AS services,
                        i.impact_started_at, p.published_at, 0::float4 AS rank,
                        left(coalesce(nullif(p.sections -> 'summary' ->> 'text', ''),
                                      p.sections -> (p.template #>> '{sections,0,key}')
                                                 ->> 'text', ''), 300) AS text,
                        NULL::text AS query,
                        '{}'::text[] AS matching_actions, ",
            )
            .push(TAG_NAMES)
            .push(
                "
                 FROM postmortem p JOIN visible_incident(",
            )
            .push_bind(viewer.all)
            .push(", ")
            .push_bind(viewer.person_id)
            .push(") i ON i.id = p.incident_id WHERE p.state = 'published'");
            filters(&mut qb, filter);
            if let Some(After::Newest(at, id)) = after {
                qb.push(" AND (p.published_at, p.id) < (")
                    .push_bind(at)
                    .push(", ")
                    .push_bind(id)
                    .push(")");
            }
            qb.push(" ORDER BY p.published_at DESC, p.id DESC LIMIT ")
                .push_bind(limit);
        }
    }
    let found = qb.build_query_as::<Found>().fetch_all(db).await?;
    Ok(found.into_iter().map(Learned::from).collect())
}
