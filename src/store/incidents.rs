//! Incidents and the services they affect.

use futures_util::TryStreamExt;
use sqlx::{PgConnection, PgExecutor, PgPool, Postgres, QueryBuilder};
use time::OffsetDateTime;

use crate::domain::filter::{Cursor, IncidentFilter, Page, State};
use crate::domain::ids::{IncidentId, PersonId, ServiceId};
use crate::domain::incident::{
    Incident, IncidentFields, IncidentListItem, Kind, Milestones, NewIncident, Severity, Source,
    Status, Visibility,
};
use crate::domain::validation::FieldErrors;

/// Files a new incident; returns its number. Unknown services are a field error and nothing
/// is written.
pub async fn create(
    tx: &mut PgConnection,
    new: &NewIncident,
    created_by: Option<PersonId>,
) -> Result<Result<i64, FieldErrors>, sqlx::Error> {
    let service_ids = match resolve_services(&mut *tx, &new.fields.services).await? {
        Ok(ids) => ids,
        Err(errors) => return Ok(Err(errors)),
    };
    let id = IncidentId::new();
    let f = &new.fields;
    let m = &new.milestones;
    let number = sqlx::query_scalar!(
        "INSERT INTO incident (id, title, summary, kind, severity, customer_impact, source,
                               impact_started_at, detected_at, restricted, created_by,
                               runbook_url)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         RETURNING number",
        id as IncidentId,
        f.title,
        f.summary,
        f.kind.as_str(),
        f.severity.as_str(),
        f.customer_impact,
        new.source.as_str(),
        m.impact_started_at,
        m.detected_at,
        f.restricted,
        created_by as Option<PersonId>,
        new.runbook_url,
    )
    .fetch_one(&mut *tx)
    .await?;
    link_services(&mut *tx, id, &service_ids).await?;
    Ok(Ok(number))
}

/// Looks services up by name (ignoring case). Names that match no service are field errors.
async fn resolve_services(
    db: impl PgExecutor<'_>,
    names: &[String],
) -> Result<Result<Vec<ServiceId>, FieldErrors>, sqlx::Error> {
    if names.is_empty() {
        return Ok(Ok(Vec::new()));
    }
    let lower: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
    let found = sqlx::query!(
        r#"SELECT id AS "id: ServiceId", lower(name) AS "lower!" FROM service WHERE lower(name) = ANY($1)"#,
        &lower
    )
    .fetch_all(db)
    .await?;
    let missing: Vec<&str> = names
        .iter()
        .zip(&lower)
        .filter(|(_, l)| !found.iter().any(|f| &f.lower == *l))
        .map(|(n, _)| n.as_str())
        .collect();
    if !missing.is_empty() {
        let list = missing.join(", ");
        return Ok(Err(FieldErrors::one(
            "services",
            format!("No service is named {list}. Add it on the Services page first."),
        )));
    }
    Ok(Ok(found.into_iter().map(|f| f.id).collect()))
}

async fn link_services(
    tx: &mut PgConnection,
    id: IncidentId,
    service_ids: &[ServiceId],
) -> sqlx::Result<()> {
    sqlx::query!(
        "DELETE FROM incident_service WHERE incident_id = $1 AND NOT (service_id = ANY($2))",
        id as IncidentId,
        service_ids as &[ServiceId]
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO incident_service (incident_id, service_id)
         SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING",
        id as IncidentId,
        service_ids as &[ServiceId]
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "UPDATE incident i SET service_names = ARRAY(
             SELECT s.name FROM incident_service x JOIN service s ON s.id = x.service_id
             WHERE x.incident_id = i.id ORDER BY lower(s.name))
         WHERE i.id = $1",
        id as IncidentId
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// An incident's row as read, every column with its type checked (by `query_as!` where
/// the statement is fixed, by name where the list's filters build it).
#[derive(sqlx::FromRow)]
struct IncidentRecord {
    id: IncidentId,
    number: i64,
    title: String,
    summary: String,
    kind: Kind,
    severity: Severity,
    status: Status,
    customer_impact: String,
    source: Source,
    impact_started_at: OffsetDateTime,
    detected_at: Option<OffsetDateTime>,
    acknowledged_at: Option<OffsetDateTime>,
    mitigated_at: Option<OffsetDateTime>,
    resolved_at: Option<OffsetDateTime>,
    closed_at: Option<OffsetDateTime>,
    version: i32,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
    restricted: bool,
    created_by: Option<PersonId>,
    runbook_url: String,
    services: Vec<String>,
    page_version: i64,
}

impl From<IncidentRecord> for Incident {
    fn from(r: IncidentRecord) -> Self {
        Incident {
            id: r.id,
            number: r.number,
            title: r.title,
            summary: r.summary,
            kind: r.kind,
            severity: r.severity,
            status: r.status,
            customer_impact: r.customer_impact,
            source: r.source,
            services: r.services,
            milestones: Milestones {
                impact_started_at: r.impact_started_at,
                detected_at: r.detected_at,
                acknowledged_at: r.acknowledged_at,
                mitigated_at: r.mitigated_at,
                resolved_at: r.resolved_at,
                closed_at: r.closed_at,
            },
            restricted: r.restricted,
            created_by: r.created_by,
            runbook_url: r.runbook_url,
            version: r.version,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// The incident with this number, if `viewer` may see it, and its page version (see
/// `store::incident_page`).
pub async fn get_with_page_version(
    db: impl PgExecutor<'_>,
    number: i64,
    viewer: Visibility,
) -> sqlx::Result<Option<(Incident, i64)>> {
    let record = sqlx::query_as!(
        IncidentRecord,
        r#"SELECT id AS "id: IncidentId", number, title, summary, kind AS "kind: Kind", severity AS "severity: Severity",
                  status AS "status: Status", customer_impact, source AS "source: Source",
                  impact_started_at, detected_at, acknowledged_at, mitigated_at, resolved_at,
                  closed_at, version, created_at, updated_at, restricted,
                  created_by AS "created_by: PersonId", runbook_url, service_names AS services,
                  page_version
           FROM incident i
           WHERE number = $1
             AND EXISTS (SELECT FROM visible_incident($2, $3) v WHERE v.id = i.id)"#,
        number,
        viewer.all,
        viewer.person_id as Option<PersonId>,
    )
    .fetch_optional(db)
    .await?;
    Ok(record.map(|r| {
        let page_version = r.page_version;
        (r.into(), page_version)
    }))
}

/// One incident by number, if `viewer` may see it.
pub async fn get(
    db: impl PgExecutor<'_>,
    number: i64,
    viewer: Visibility,
) -> sqlx::Result<Option<Incident>> {
    Ok(get_with_page_version(db, number, viewer)
        .await?
        .map(|(incident, _)| incident))
}

/// Locks the incident's row until the transaction ends and returns it, if `viewer` may see
/// it.
pub async fn get_for_update(
    tx: &mut PgConnection,
    number: i64,
    viewer: Visibility,
) -> sqlx::Result<Option<Incident>> {
    let locked = sqlx::query_scalar!(
        "SELECT id FROM incident WHERE number = $1 FOR UPDATE",
        number
    )
    .fetch_optional(&mut *tx)
    .await?;
    match locked {
        Some(_) => get(&mut *tx, number, viewer).await,
        None => Ok(None),
    }
}

/// The incident's milestones, its row locked until the transaction ends.
pub async fn lock_milestones(tx: &mut PgConnection, id: IncidentId) -> sqlx::Result<Milestones> {
    sqlx::query_as!(
        Milestones,
        "SELECT impact_started_at, detected_at, acknowledged_at, mitigated_at, resolved_at,
                closed_at
         FROM incident WHERE id = $1 FOR UPDATE",
        id as IncidentId
    )
    .fetch_one(&mut *tx)
    .await
}

/// Saves describing fields and milestones if `expected_version` is still current. Returns
/// the new version, `Ok(None)` when the incident changed meanwhile, or field errors.
pub async fn update(
    tx: &mut PgConnection,
    id: IncidentId,
    expected_version: i32,
    fields: &IncidentFields,
    m: &Milestones,
) -> sqlx::Result<Result<Option<i32>, FieldErrors>> {
    let service_ids = match resolve_services(&mut *tx, &fields.services).await? {
        Ok(ids) => ids,
        Err(errors) => return Ok(Err(errors)),
    };
    let version = sqlx::query_scalar!(
        "UPDATE incident SET title = $3, summary = $4, kind = $5, severity = $6,
                customer_impact = $7, impact_started_at = $8, detected_at = $9,
                acknowledged_at = $10, mitigated_at = $11, resolved_at = $12, closed_at = $13,
                restricted = $14, version = version + 1, updated_at = now()
         WHERE id = $1 AND version = $2
         RETURNING version",
        id as IncidentId,
        expected_version,
        fields.title,
        fields.summary,
        fields.kind.as_str(),
        fields.severity.as_str(),
        fields.customer_impact,
        m.impact_started_at,
        m.detected_at,
        m.acknowledged_at,
        m.mitigated_at,
        m.resolved_at,
        m.closed_at,
        fields.restricted,
    )
    .fetch_optional(&mut *tx)
    .await?;
    if version.is_some() {
        link_services(&mut *tx, id, &service_ids).await?;
    }
    Ok(Ok(version))
}

/// Saves a status change with the milestones it filled or cleared.
pub async fn set_status(
    tx: &mut PgConnection,
    id: IncidentId,
    status: Status,
    m: &Milestones,
) -> sqlx::Result<i32> {
    sqlx::query_scalar!(
        "UPDATE incident SET status = $2, acknowledged_at = $3, mitigated_at = $4,
                resolved_at = $5, closed_at = $6, version = version + 1, updated_at = now()
         WHERE id = $1 RETURNING version",
        id as IncidentId,
        status.as_str(),
        m.acknowledged_at,
        m.mitigated_at,
        m.resolved_at,
        m.closed_at,
    )
    .fetch_one(&mut *tx)
    .await
}

/// Changes the severity alone.
pub async fn set_severity(
    tx: &mut PgConnection,
    id: IncidentId,
    severity: Severity,
) -> sqlx::Result<i32> {
    sqlx::query_scalar!(
        "UPDATE incident SET severity = $2, version = version + 1, updated_at = now()
         WHERE id = $1 RETURNING version",
        id as IncidentId,
        severity.as_str(),
    )
    .fetch_one(&mut *tx)
    .await
}

/// A page of the newest-first list. One statement whatever the filters; only the filters in
/// use reach the SQL, so each query can use the index that fits it.
pub async fn list(
    db: impl PgExecutor<'_>,
    filter: &IncidentFilter,
    cursor: Cursor,
    limit: i64,
    viewer: Visibility,
) -> sqlx::Result<Page<IncidentListItem>> {
    let mut qb: QueryBuilder<Postgres> = QueryBuilder::new(
        "SELECT i.number, i.title, i.kind, i.severity, i.status, i.impact_started_at,
                i.resolved_at, i.updated_at, i.restricted, i.service_names AS services",
    );
    push_filtered(&mut qb, filter, viewer);
    match cursor {
        Cursor::First => qb.push(" ORDER BY i.number DESC"),
        Cursor::Before(n) => qb
            .push(" AND i.number < ")
            .push_bind(n)
            .push(" ORDER BY i.number DESC"),
        Cursor::After(n) => qb
            .push(" AND i.number > ")
            .push_bind(n)
            .push(" ORDER BY i.number ASC"),
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
        qb.push(" AND i.search @@ websearch_to_tsquery('english', ")
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
