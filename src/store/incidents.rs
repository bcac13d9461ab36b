//! Incidents and the services they affect.

use crate::i18n::Message;
use sqlx::{PgConnection, PgExecutor};
use time::OffsetDateTime;

use crate::domain::ids::{IncidentId, PersonId, ServiceId};
use crate::domain::incident::{
    Incident, IncidentFields, Kind, Milestones, NewIncident, Severity, Source, Status, Visibility,
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
        return Ok(Err(FieldErrors::one_said(
            "services",
            Message::new("val-no-service-named").with("names", list),
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
pub(super) struct IncidentRecord {
    pub(super) id: IncidentId,
    pub(super) number: i64,
    pub(super) title: String,
    pub(super) summary: String,
    pub(super) kind: Kind,
    pub(super) severity: Severity,
    pub(super) status: Status,
    pub(super) customer_impact: String,
    pub(super) source: Source,
    pub(super) impact_started_at: OffsetDateTime,
    pub(super) detected_at: Option<OffsetDateTime>,
    pub(super) acknowledged_at: Option<OffsetDateTime>,
    pub(super) mitigated_at: Option<OffsetDateTime>,
    pub(super) resolved_at: Option<OffsetDateTime>,
    pub(super) closed_at: Option<OffsetDateTime>,
    pub(super) version: i32,
    pub(super) created_at: OffsetDateTime,
    pub(super) updated_at: OffsetDateTime,
    pub(super) restricted: bool,
    pub(super) created_by: Option<PersonId>,
    pub(super) runbook_url: String,
    pub(super) services: Vec<String>,
    pub(super) page_version: i64,
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
