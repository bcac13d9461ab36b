//! Role assignments: the current team and every hand-off.

use sqlx::{PgConnection, PgExecutor};
use uuid::Uuid;

use super::is_unique_violation;
use super::types::Known;
use crate::domain::ids::{IncidentId, PersonId};
use crate::domain::team::{Assignment, Team, TeamRole, Under};

/// An assignment as read, from a row or (on the incident page) from JSON.
#[derive(Debug, serde::Deserialize)]
pub(super) struct Row {
    id: Uuid,
    role: String,
    under: Option<String>,
    person_id: PersonId,
    person_name: String,
    person_email: String,
    #[serde(with = "time::serde::rfc3339")]
    assumed_at: time::OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    relieved_at: Option<time::OffsetDateTime>,
    note: String,
}

impl Row {
    pub(super) fn into_assignment(self) -> sqlx::Result<Assignment> {
        Ok(Assignment {
            id: self.id,
            role: TeamRole::known(&self.role)?,
            under: self.under.as_deref().map(Under::known).transpose()?,
            person_id: self.person_id,
            person_name: self.person_name,
            person_email: self.person_email,
            assumed_at: self.assumed_at,
            relieved_at: self.relieved_at,
            note: self.note,
        })
    }
}

/// Every assignment on the incident, oldest first.
pub async fn team(db: impl PgExecutor<'_>, incident_id: IncidentId) -> sqlx::Result<Team> {
    let rows = sqlx::query_as!(
        Row,
        r#"SELECT r.id, r.role, r.under, r.person_id AS "person_id: PersonId", p.display_name AS person_name,
                  p.email AS person_email, r.assumed_at, r.relieved_at, r.note
           FROM role_assignment r JOIN person p ON p.id = r.person_id
           WHERE r.incident_id = $1 ORDER BY r.assumed_at, r.id"#,
        incident_id as IncidentId
    )
    .fetch_all(db)
    .await?;
    Ok(Team {
        assignments: rows
            .into_iter()
            .map(Row::into_assignment)
            .collect::<sqlx::Result<_>>()?,
    })
}

/// What an assignment replaced: the lead relieved by a hand-off, if any.
pub struct Assigned {
    pub id: Uuid,
    pub relieved: Option<(Uuid, String)>,
}

/// Gives `person_id` the role. A lead role relieves its current holder (a hand-off); a
/// member already under that lead is refused with `Ok(None)`.
///
/// Times are the clock's when each statement runs, not when the transaction began: one that
/// waited for the incident's lock relieves an assignment made while it waited, after it.
pub async fn assign(
    tx: &mut PgConnection,
    incident_id: IncidentId,
    role: TeamRole,
    under: Option<Under>,
    person_id: PersonId,
    note: &str,
    by: PersonId,
) -> sqlx::Result<Option<Assigned>> {
    let mut relieved = None;
    if role != TeamRole::Member {
        relieved = sqlx::query!(
            r#"UPDATE role_assignment r SET relieved_at = clock_timestamp()
               FROM person p
               WHERE r.incident_id = $1 AND r.role = $2 AND r.relieved_at IS NULL
                 AND p.id = r.person_id
               RETURNING p.id, p.display_name"#,
            incident_id as IncidentId,
            role.as_str()
        )
        .fetch_optional(&mut *tx)
        .await?
        .map(|r| (r.id, r.display_name));
    }
    let id = Uuid::now_v7();
    let inserted = sqlx::query!(
        "INSERT INTO role_assignment (id, incident_id, role, under, person_id, note, assigned_by,
                                      assumed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, clock_timestamp())",
        id,
        incident_id as IncidentId,
        role.as_str(),
        under.map(Under::as_str),
        person_id as PersonId,
        note,
        by as PersonId
    )
    .execute(&mut *tx)
    .await;
    match inserted {
        Ok(_) => Ok(Some(Assigned { id, relieved })),
        Err(e) if is_unique_violation(&e, "role_assignment_member_key") => Ok(None),
        Err(e) => Err(e),
    }
}

/// Ends a current assignment; `None` when it is not current on this incident.
pub async fn relieve(
    db: impl PgExecutor<'_>,
    incident_id: IncidentId,
    assignment_id: Uuid,
) -> sqlx::Result<Option<(TeamRole, Option<Under>, String)>> {
    let row = sqlx::query!(
        r#"UPDATE role_assignment r SET relieved_at = clock_timestamp()
           FROM person p
           WHERE r.id = $1 AND r.incident_id = $2 AND r.relieved_at IS NULL AND p.id = r.person_id
           RETURNING r.role AS "role: TeamRole", r.under AS "under: Under", p.display_name"#,
        assignment_id,
        incident_id as IncidentId
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| (r.role, r.under, r.display_name)))
}

/// The holder's name if `assignment` is one of the incident's that has ended.
pub async fn ended(
    db: impl PgExecutor<'_>,
    incident_id: IncidentId,
    assignment_id: Uuid,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar!(
        "SELECT p.display_name FROM role_assignment r JOIN person p ON p.id = r.person_id
         WHERE r.id = $1 AND r.incident_id = $2 AND r.relieved_at IS NOT NULL",
        assignment_id,
        incident_id as IncidentId
    )
    .fetch_optional(db)
    .await
}
