//! Action items: what a post-mortem commits the team to, listed across incidents.

use sqlx::{PgConnection, PgExecutor, Postgres, QueryBuilder};
use uuid::Uuid;

use crate::domain::action::{
    ActionFields, ActionItem, ActionKind, ActionOrder, ActionStatus, Priority,
};
use crate::domain::ids::{IncidentId, PersonId, PostmortemId};

/// Which action items a list shows.
#[derive(Debug, Clone, Default)]
pub struct ActionFilter {
    /// One action item only.
    pub id: Option<Uuid>,
    pub postmortem_id: Option<PostmortemId>,
    pub owner: Option<PersonId>,
    pub status: Option<ActionStatus>,
    pub kind: Option<ActionKind>,
    pub overdue: bool,
    /// Unfinished only (open or in progress).
    pub unfinished: bool,
    pub order: crate::domain::action::ActionOrder,
    /// Only the items after this one in `order` (keyset pagination).
    pub after: Option<Uuid>,
}

/// Action items, soonest due first, at most `limit`.
pub async fn actions(
    db: impl PgExecutor<'_>,
    filter: &ActionFilter,
    viewer: crate::domain::incident::Visibility,
    limit: i64,
) -> sqlx::Result<Vec<ActionItem>> {
    let mut qb: QueryBuilder<Postgres> = QueryBuilder::new(
        "SELECT a.id, i.number, i.title AS incident_title, a.title, a.owner_id,
                p.display_name AS owner, p.email AS owner_email, a.due_on, a.priority, a.kind, a.status, a.tracker_url,
                a.version
         FROM action_item a JOIN visible_incident(",
    );
    qb.push_bind(viewer.all)
        .push(", ")
        .push_bind(viewer.person_id)
        .push(
            ") i ON i.id = a.incident_id
              LEFT JOIN person p ON p.id = a.owner_id
         WHERE true",
        );
    if let Some(id) = filter.id {
        qb.push(" AND a.id = ").push_bind(id);
    }
    if let Some(id) = filter.postmortem_id {
        qb.push(" AND a.postmortem_id = ").push_bind(id);
    }
    if let Some(owner) = filter.owner {
        qb.push(" AND a.owner_id = ").push_bind(owner);
    }
    if let Some(status) = filter.status {
        qb.push(" AND a.status = ").push_bind(status.as_str());
    }
    if let Some(kind) = filter.kind {
        qb.push(" AND a.kind = ").push_bind(kind.as_str());
    }
    if filter.unfinished || filter.overdue {
        qb.push(" AND a.status IN ('open', 'in_progress')");
    }
    if filter.overdue {
        qb.push(" AND a.due_on < current_date");
    }
    if let Some(after) = filter.after {
        qb.push(match filter.order {
            ActionOrder::Due => {
                " AND (coalesce(a.due_on, 'infinity'::date), a.priority, a.created_at, a.id) >
                  (SELECT coalesce(due_on, 'infinity'::date), priority, created_at, id
                   FROM action_item WHERE id = "
            }
            ActionOrder::Priority => {
                " AND (a.priority, coalesce(a.due_on, 'infinity'::date), a.created_at, a.id) >
                  (SELECT priority, coalesce(due_on, 'infinity'::date), created_at, id
                   FROM action_item WHERE id = "
            }
            ActionOrder::Created => {
                " AND (a.created_at, a.id) < (SELECT created_at, id FROM action_item WHERE id = "
            }
        })
        .push_bind(after)
        .push(")");
    }
    qb.push(match filter.order {
        ActionOrder::Due => " ORDER BY a.due_on NULLS LAST, a.priority, a.created_at, a.id",
        ActionOrder::Priority => " ORDER BY a.priority, a.due_on NULLS LAST, a.created_at, a.id",
        ActionOrder::Created => " ORDER BY a.created_at DESC, a.id DESC",
    });
    qb.push(" LIMIT ").push_bind(limit);
    let rows = qb.build_query_as::<ActionRow>().fetch_all(db).await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// An action item as the list's statement reads it.
#[derive(sqlx::FromRow)]
struct ActionRow {
    id: Uuid,
    number: i64,
    incident_title: String,
    title: String,
    owner_id: Option<PersonId>,
    owner: Option<String>,
    owner_email: Option<String>,
    due_on: Option<time::Date>,
    priority: Priority,
    kind: ActionKind,
    status: ActionStatus,
    tracker_url: String,
    version: i32,
}

impl From<ActionRow> for ActionItem {
    fn from(r: ActionRow) -> Self {
        ActionItem {
            id: r.id,
            incident_number: r.number,
            incident_title: r.incident_title,
            title: r.title,
            owner_id: r.owner_id,
            owner: r.owner,
            owner_email: r.owner_email,
            due_on: r.due_on,
            priority: r.priority,
            kind: r.kind,
            status: r.status,
            tracker_url: r.tracker_url,
            version: r.version,
        }
    }
}

/// How many action items the post-mortem has.
pub async fn action_count(
    db: impl PgExecutor<'_>,
    postmortem_id: PostmortemId,
) -> sqlx::Result<usize> {
    let n = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM action_item WHERE postmortem_id = $1"#,
        postmortem_id as PostmortemId
    )
    .fetch_one(db)
    .await?;
    Ok(usize::try_from(n).unwrap_or(0))
}

pub async fn add_action(
    tx: &mut PgConnection,
    postmortem_id: PostmortemId,
    incident_id: IncidentId,
    fields: &ActionFields,
    owner: Option<PersonId>,
) -> sqlx::Result<Uuid> {
    let id = Uuid::now_v7();
    sqlx::query!(
        "INSERT INTO action_item (id, postmortem_id, incident_id, title, owner_id, due_on,
                                  priority, kind, status, tracker_url)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        id,
        postmortem_id as PostmortemId,
        incident_id as IncidentId,
        fields.title,
        owner as Option<PersonId>,
        fields.due_on,
        fields.priority.as_str(),
        fields.kind.as_str(),
        fields.status.as_str(),
        fields.tracker_url
    )
    .execute(&mut *tx)
    .await?;
    Ok(id)
}

/// Replaces an action item's fields if its version is still `version`; returns its
/// incident, or `None` when it was changed since (or is not there).
pub async fn update_action(
    tx: &mut PgConnection,
    id: Uuid,
    version: i32,
    fields: &ActionFields,
    owner: Option<PersonId>,
) -> sqlx::Result<Option<IncidentId>> {
    sqlx::query_scalar!(
        r#"UPDATE action_item SET title = $3, owner_id = $4, due_on = $5, priority = $6, kind = $7,
                  status = $8, tracker_url = $9, version = version + 1, updated_at = now(),
                  overdue_told_at = CASE WHEN due_on IS DISTINCT FROM $5 OR owner_id IS DISTINCT FROM $4
                                         THEN NULL ELSE overdue_told_at END
           WHERE id = $1 AND version = $2 RETURNING incident_id AS "incident_id: IncidentId""#,
        id,
        version,
        fields.title,
        owner as Option<PersonId>,
        fields.due_on,
        fields.priority.as_str(),
        fields.kind.as_str(),
        fields.status.as_str(),
        fields.tracker_url
    )
    .fetch_optional(&mut *tx)
    .await
}

/// Changes an action item's status; returns its title and incident when it changed.
pub async fn set_action_status(
    tx: &mut PgConnection,
    id: Uuid,
    status: ActionStatus,
) -> sqlx::Result<Option<(String, IncidentId)>> {
    let row = sqlx::query!(
        r#"UPDATE action_item SET status = $2, version = version + 1, updated_at = now()
           WHERE id = $1 AND status <> $2 RETURNING title, incident_id AS "incident_id: IncidentId""#,
        id,
        status.as_str()
    )
    .fetch_optional(&mut *tx)
    .await?;
    Ok(row.map(|r| (r.title, r.incident_id)))
}

/// Links the issue a tracker created to the action item, unless it was linked meanwhile.
pub async fn link_issue(tx: &mut PgConnection, id: Uuid, url: &str) -> sqlx::Result<bool> {
    let done = sqlx::query!(
        "UPDATE action_item SET tracker_url = $2, version = version + 1, updated_at = now()
         WHERE id = $1 AND tracker_url = ''",
        id,
        url
    )
    .execute(&mut *tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The action items linked to an issue: by its address, or (Jira) by its key at the end of
/// a `/browse/` address.
pub async fn by_issue(
    db: impl sqlx::PgExecutor<'_>,
    url: Option<&str>,
    jira_key: Option<&str>,
) -> sqlx::Result<Vec<Uuid>> {
    sqlx::query_scalar!(
        "SELECT id FROM action_item
         WHERE tracker_url <> ''
           AND (tracker_url = $1 OR ($2::text IS NOT NULL AND tracker_url LIKE '%/browse/' || $2))
         LIMIT 50",
        url,
        jira_key
    )
    .fetch_all(db)
    .await
}

/// An overdue action item whose owner is to be told.
pub struct Overdue {
    pub title: String,
    pub due_on: time::Date,
    pub owner_id: PersonId,
    pub number: i64,
    pub incident_title: String,
}

/// Marks up to `limit` open action items due before `today` (and not before `since`) whose
/// owners were not told yet as told, and returns them: each is told once, by one instance.
pub async fn claim_overdue(
    tx: &mut PgConnection,
    today: time::Date,
    since: time::Date,
    limit: i64,
) -> sqlx::Result<Vec<Overdue>> {
    sqlx::query_as!(
        Overdue,
        r#"UPDATE action_item a SET overdue_told_at = now()
           FROM incident i
           WHERE i.id = a.incident_id AND a.id IN (
               SELECT id FROM action_item
               WHERE status IN ('open', 'in_progress') AND overdue_told_at IS NULL
                 AND owner_id IS NOT NULL AND due_on IS NOT NULL
                 AND due_on < $1 AND due_on >= $2
               ORDER BY due_on LIMIT $3
               FOR UPDATE SKIP LOCKED)
           RETURNING a.title, a.due_on AS "due_on!", a.owner_id AS "owner_id!: PersonId",
                     i.number, i.title AS incident_title"#,
        today,
        since,
        limit
    )
    .fetch_all(&mut *tx)
    .await
}
