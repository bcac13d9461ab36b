//! Services.

use crate::i18n::Message;
use sqlx::PgExecutor;

use crate::domain::ids::{PersonId, ServiceId};
use crate::domain::incident::Visibility;
use crate::domain::service::{Service, ServiceFields};
use crate::domain::validation::FieldErrors;

use super::{is_foreign_key_violation, is_unique_violation};

/// Every service by name, with how many incidents that `viewer` may see name each.
pub async fn list(db: impl PgExecutor<'_>, viewer: Visibility) -> sqlx::Result<Vec<Service>> {
    sqlx::query_as!(
        Service,
        r#"SELECT s.id AS "id: ServiceId", s.name, s.description, s.slo_target, s.slo_window_days,
                  s.maintenance_counts, s.version, s.created_at,
                  (SELECT count(*) FROM incident_service x
                   JOIN visible_incident($1, $2) v ON v.id = x.incident_id
                   WHERE x.service_id = s.id) AS "incident_count!"
           FROM service s ORDER BY lower(s.name)"#,
        viewer.all,
        viewer.person_id as Option<PersonId>,
    )
    .fetch_all(db)
    .await
}

/// Every service's name, by name: for choosers and filters.
pub async fn names(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar!("SELECT name FROM service ORDER BY lower(name)")
        .fetch_all(db)
        .await
}

/// The stored spelling of the service named `name` in any case, if there is one.
pub async fn stored_name(db: impl PgExecutor<'_>, name: &str) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar!(
        "SELECT name FROM service WHERE lower(name) = lower($1)",
        name
    )
    .fetch_optional(db)
    .await
}

/// Locks the service's row until the transaction ends; `false` when there is none.
pub async fn lock(tx: &mut sqlx::PgConnection, id: ServiceId) -> sqlx::Result<bool> {
    let found = sqlx::query_scalar!(
        "SELECT id FROM service WHERE id = $1 FOR UPDATE",
        id as ServiceId
    )
    .fetch_optional(&mut *tx)
    .await?;
    Ok(found.is_some())
}

/// The service, with how many incidents that `viewer` may see name it.
pub async fn get(
    db: impl PgExecutor<'_>,
    id: ServiceId,
    viewer: Visibility,
) -> sqlx::Result<Option<Service>> {
    sqlx::query_as!(
        Service,
        r#"SELECT s.id AS "id: ServiceId", s.name, s.description, s.slo_target, s.slo_window_days,
                  s.maintenance_counts, s.version, s.created_at,
                  (SELECT count(*) FROM incident_service x
                   JOIN visible_incident($2, $3) v ON v.id = x.incident_id
                   WHERE x.service_id = s.id) AS "incident_count!"
           FROM service s WHERE s.id = $1"#,
        id as ServiceId,
        viewer.all,
        viewer.person_id as Option<PersonId>,
    )
    .fetch_optional(db)
    .await
}

fn duplicate_name(fields: &ServiceFields) -> FieldErrors {
    FieldErrors::one_said(
        "name",
        Message::new("val-service-name-taken").with("name", &fields.name),
    )
}

/// Adds a service; a name already taken (ignoring case) is a field error.
pub async fn create(
    db: impl PgExecutor<'_>,
    fields: &ServiceFields,
) -> sqlx::Result<Result<ServiceId, FieldErrors>> {
    let id = ServiceId::new();
    let inserted = sqlx::query!(
        "INSERT INTO service (id, name, description, slo_target, slo_window_days,
                              maintenance_counts)
         VALUES ($1, $2, $3, $4, $5, $6)",
        id as ServiceId,
        fields.name,
        fields.description,
        fields.slo.map(|s| s.target),
        fields.slo.map(|s| s.window_days),
        fields.maintenance_counts,
    )
    .execute(db)
    .await;
    match inserted {
        Ok(_) => Ok(Ok(id)),
        Err(e) if is_unique_violation(&e, "service_name_key") => Ok(Err(duplicate_name(fields))),
        Err(e) => Err(e),
    }
}

/// Adds a service by name alone unless one has that name (in any case); `None` if one had.
pub async fn create_if_new(
    db: impl PgExecutor<'_>,
    fields: &ServiceFields,
) -> sqlx::Result<Option<ServiceId>> {
    sqlx::query_scalar!(
        r#"INSERT INTO service (id, name, description) VALUES ($1, $2, $3)
           ON CONFLICT DO NOTHING RETURNING id AS "id: ServiceId""#,
        ServiceId::new() as ServiceId,
        fields.name,
        fields.description,
    )
    .fetch_optional(db)
    .await
}

/// Renames or redescribes a service if `expected_version` is current; `Ok(Ok(None))` when
/// it changed meanwhile (or is gone).
pub async fn update(
    tx: &mut sqlx::PgConnection,
    id: ServiceId,
    expected_version: i32,
    fields: &ServiceFields,
) -> sqlx::Result<Result<Option<i32>, FieldErrors>> {
    let updated = sqlx::query_scalar!(
        "UPDATE service SET name = $3, description = $4, slo_target = $5, slo_window_days = $6,
                maintenance_counts = $7, version = version + 1, updated_at = now()
         WHERE id = $1 AND version = $2 RETURNING version",
        id as ServiceId,
        expected_version,
        fields.name,
        fields.description,
        fields.slo.map(|s| s.target),
        fields.slo.map(|s| s.window_days),
        fields.maintenance_counts,
    )
    .fetch_optional(&mut *tx)
    .await;
    match updated {
        Ok(Some(version)) => {
            // Incidents keep their services' names: rewrite them for this service's rows.
            sqlx::query!(
                "UPDATE incident i SET service_names = ARRAY(
                     SELECT s.name FROM incident_service x JOIN service s ON s.id = x.service_id
                     WHERE x.incident_id = i.id ORDER BY lower(s.name))
                 WHERE i.id IN (SELECT incident_id FROM incident_service WHERE service_id = $1)
                   AND NOT (i.service_names @> ARRAY[$2::text])",
                id as ServiceId,
                fields.name
            )
            .execute(&mut *tx)
            .await?;
            Ok(Ok(Some(version)))
        }
        Ok(None) => Ok(Ok(None)),
        Err(e) if is_unique_violation(&e, "service_name_key") => Ok(Err(duplicate_name(fields))),
        Err(e) => Err(e),
    }
}

/// Deletes a service no incident names. `Ok(false)` when incidents still name it.
pub async fn delete(db: impl PgExecutor<'_>, id: ServiceId) -> sqlx::Result<bool> {
    match sqlx::query!("DELETE FROM service WHERE id = $1", id as ServiceId)
        .execute(db)
        .await
    {
        Ok(_) => Ok(true),
        Err(e) if is_foreign_key_violation(&e, "incident_service_service_id_fkey") => Ok(false),
        Err(e) => Err(e),
    }
}
