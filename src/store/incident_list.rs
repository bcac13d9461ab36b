//! The incident list and exports: one statement whatever the filters, with only the filters
//! in use in the SQL (bound parameters always), so that each can use the index that fits it.

use futures_util::TryStreamExt;
use sqlx::{PgExecutor, PgPool, Postgres, QueryBuilder};
use time::OffsetDateTime;

use super::incidents::IncidentRecord;
use crate::domain::filter::{Cursor, IncidentFilter, Page, Sort, State};
use crate::domain::incident::{Incident, IncidentListItem, Kind, Severity, Status, Visibility};

/// A page of the newest-first list. One statement whatever the filters; only the filters in
/// use reach the SQL, so each query can use the index that fits it.
pub async fn list(
    db: impl PgExecutor<'_>,
    filter: &IncidentFilter,
    cursor: Cursor,
    limit: i64,
    viewer: Visibility,
) -> sqlx::Result<Page<IncidentListItem>> {
    // Whether someone holds the IC role matters while an incident is open; it is a scalar
    // subquery probed through the role holders' index for open rows only (as EXISTS,
    // PostgreSQL may hash the whole assignment table for every page, planning for the table
    // rather than the page's fifty rows; probed for every row, it doubled the statement's
    // time on a list of mostly closed incidents).
    let mut qb: QueryBuilder<Postgres> = QueryBuilder::new(
        "SELECT i.number, i.title, i.kind, i.severity, i.status, i.impact_started_at,
                i.resolved_at, i.updated_at, i.restricted, i.service_names AS services,
                CASE WHEN i.status IN ('resolved', 'closed') THEN true
                     ELSE (SELECT true FROM role_assignment r WHERE r.incident_id = i.id
                           AND r.role = 'ic' AND r.relieved_at IS NULL LIMIT 1) IS NOT NULL
                END AS has_ic",
    );
    push_filtered(&mut qb, filter, viewer);
    // Each order as (the list's order, the reverse, the key compared with the cursor's
    // incident; the list runs in increasing key).
    let (forward, backward, key, cursor_key) = match filter.sort {
        Sort::Newest => ("i.number DESC", "i.number ASC", "(-i.number)", "-c.number"),
        Sort::Oldest => ("i.number ASC", "i.number DESC", "(i.number)", "c.number"),
        Sort::Severity => (
            "i.severity ASC, i.number DESC",
            "i.severity DESC, i.number ASC",
            "(i.severity, -i.number)",
            "c.severity, -c.number",
        ),
        Sort::Started => (
            "i.impact_started_at DESC, i.number DESC",
            "i.impact_started_at ASC, i.number ASC",
            "(i.impact_started_at, i.number)",
            "c.impact_started_at, c.number",
        ),
    };
    // Started runs in decreasing (impact start, number): its key compares the other way.
    let (after, before) = if filter.sort == Sort::Started {
        ("<", ">")
    } else {
        (">", "<")
    };
    let keyset = |qb: &mut QueryBuilder<Postgres>, op: &str, n: i64| {
        qb.push(format_args!(
            " AND {key} {op} (SELECT {cursor_key} FROM incident c WHERE c.number = "
        ))
        .push_bind(n)
        .push(")");
    };
    match cursor {
        Cursor::First => {}
        Cursor::Before(n) => keyset(&mut qb, after, n),
        Cursor::After(n) => keyset(&mut qb, before, n),
    }
    match cursor {
        Cursor::After(_) => qb.push(format_args!(" ORDER BY {backward}")),
        _ => qb.push(format_args!(" ORDER BY {forward}")),
    };
    // The page size is written into the statement: with a bound LIMIT, PostgreSQL's kept
    // plan assumes a tenth of the table is wanted and it plans every execution anew instead.
    // It is an integer from the caller, never text.
    qb.push(format_args!(" LIMIT {}", limit + 1));
    let rows = qb.build_query_as::<ListRow>().fetch_all(db).await?;
    let mut items: Vec<IncidentListItem> = rows.into_iter().map(Into::into).collect();
    let more = items.len() as i64 > limit;
    items.truncate(limit as usize);
    if matches!(cursor, Cursor::After(_)) {
        items.reverse();
    }
    let first = items.first().map(|i| i.number);
    let last = items.last().map(|i| i.number);
    let (older, newer) = match cursor {
        Cursor::First => (last.filter(|_| more), None),
        Cursor::Before(_) => (last.filter(|_| more), first),
        Cursor::After(_) => (last, first.filter(|_| more)),
    };
    Ok(Page {
        items,
        older,
        newer,
    })
}

/// A row of the list, as its statement reads it.
#[derive(sqlx::FromRow)]
struct ListRow {
    number: i64,
    title: String,
    kind: Kind,
    severity: Severity,
    status: Status,
    services: Vec<String>,
    impact_started_at: OffsetDateTime,
    resolved_at: Option<OffsetDateTime>,
    updated_at: OffsetDateTime,
    restricted: bool,
    has_ic: bool,
}

impl From<ListRow> for IncidentListItem {
    fn from(r: ListRow) -> Self {
        IncidentListItem {
            number: r.number,
            title: r.title,
            kind: r.kind,
            severity: r.severity,
            status: r.status,
            services: r.services,
            impact_started_at: r.impact_started_at,
            resolved_at: r.resolved_at,
            updated_at: r.updated_at,
            restricted: r.restricted,
            has_ic: r.has_ic,
        }
    }
}

/// ` FROM` the incidents `viewer` may see ` WHERE` `filter` holds: the part of the list and
/// export queries they share.
fn push_filtered(qb: &mut QueryBuilder<Postgres>, filter: &IncidentFilter, viewer: Visibility) {
    if viewer.all {
        // Everything: no visibility test, so that the statement has one plan that PostgreSQL
        // keeps (with the test's parameters it would plan each execution anew).
        qb.push(" FROM incident i WHERE true");
    } else {
        qb.push(" FROM visible_incident(")
            .push_bind(viewer.all)
            .push(", ")
            .push_bind(viewer.person_id)
            .push(") i WHERE true");
    }
    if let Some(status) = filter.status {
        qb.push(" AND i.status = ").push_bind(status.as_str());
    }
    if let Some(severity) = filter.severity {
        qb.push(" AND i.severity = ").push_bind(severity.as_str());
    }
    if let Some(kind) = filter.kind {
        qb.push(" AND i.kind = ").push_bind(kind.as_str());
    }
    if let Some(service) = &filter.service {
        // The incident's own copy of its service names, checked in the row. `service` is
        // the stored spelling (see `Caches::canonicalise`), so that the planner can
        // estimate how many incidents name it.
        qb.push(" AND i.service_names @> ARRAY[")
            .push_bind(service.clone())
            .push("]::text[]");
    }
    match filter.state {
        Some(State::Open) => {
            qb.push(" AND i.status IN ('investigating', 'identified', 'monitoring')");
        }
        Some(State::Closed) => {
            qb.push(" AND i.status IN ('resolved', 'closed')");
        }
        None => {}
    }
    if let Some(from) = filter.from_instant() {
        qb.push(" AND i.impact_started_at >= ").push_bind(from);
    }
    if let Some(to) = filter.to_instant() {
        qb.push(" AND i.impact_started_at < ").push_bind(to);
    }
    if let Some(member) = filter.member {
        qb.push(
            " AND EXISTS (SELECT 1 FROM role_assignment r WHERE r.incident_id = i.id \
              AND r.relieved_at IS NULL AND r.person_id = ",
        )
        .push_bind(member)
        .push(")");
    }
    if let Some(q) = &filter.q {
        qb.push(" AND i.search @@ murphy_query(")
            .push_bind(q.clone())
            .push(")");
    }
}

/// Every incident `filter` matches, newest first, at most `limit` when given.
fn export_query(
    filter: &IncidentFilter,
    viewer: Visibility,
    limit: Option<i64>,
) -> QueryBuilder<Postgres> {
    let mut qb: QueryBuilder<Postgres> = QueryBuilder::new(
        "SELECT i.id, i.number, i.title, i.summary, i.kind, i.severity, i.status,
                i.customer_impact, i.source, i.impact_started_at, i.detected_at,
                i.acknowledged_at, i.mitigated_at, i.resolved_at, i.closed_at, i.version,
                i.created_at, i.updated_at, i.restricted, i.created_by, i.runbook_url,
                i.service_names AS services, i.page_version",
    );
    push_filtered(&mut qb, filter, viewer);
    qb.push(" ORDER BY i.number DESC");
    if let Some(limit) = limit {
        qb.push(" LIMIT ").push_bind(limit);
    }
    qb
}

/// Reads every incident `filter` matches, newest first, one row at a time, handing each to
/// `each` and awaiting what it returns until that answers false: an export of any size in
/// flat memory.
pub async fn export_each<F: Future<Output = bool>>(
    db: &PgPool,
    filter: &IncidentFilter,
    viewer: Visibility,
    mut each: impl FnMut(Incident) -> F,
) -> sqlx::Result<()> {
    let mut qb = export_query(filter, viewer, None);
    let mut rows = qb.build_query_as::<IncidentRecord>().fetch(db);
    while let Some(record) = rows.try_next().await? {
        if !each(record.into()).await {
            break;
        }
    }
    Ok(())
}

/// The first `limit` incidents `filter` matches, newest first.
pub async fn export_list(
    db: &PgPool,
    filter: &IncidentFilter,
    viewer: Visibility,
    limit: i64,
) -> sqlx::Result<Vec<Incident>> {
    let mut qb = export_query(filter, viewer, Some(limit));
    let rows = qb.build_query_as::<IncidentRecord>().fetch_all(db).await?;
    Ok(rows.into_iter().map(Into::into).collect())
}
