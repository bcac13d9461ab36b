//! Post-mortems, their revisions, reviewers and comments (their action items: `action_items`).

use sqlx::types::Json;
use sqlx::{PgConnection, PgExecutor};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::domain::ids::{IncidentId, PersonId, PostmortemId};
use crate::domain::postmortem::{Postmortem, Reviewer, Sections, State, Template};
use crate::i18n::Lang;

/// The incident's post-mortem, locked until the transaction ends: what every step of the
/// review checks its rules against, so that a save and a publish happen one after the other.
pub async fn lock(
    tx: &mut PgConnection,
    incident_id: IncidentId,
) -> sqlx::Result<Option<Postmortem>> {
    let locked = sqlx::query_scalar!(
        "SELECT id FROM postmortem WHERE incident_id = $1 FOR UPDATE",
        incident_id as IncidentId
    )
    .fetch_optional(&mut *tx)
    .await?;
    match locked {
        Some(_) => get(&mut *tx, incident_id).await,
        None => Ok(None),
    }
}

/// The incident's post-mortem, if one was started.
pub async fn get(
    db: impl PgExecutor<'_>,
    incident_id: IncidentId,
) -> sqlx::Result<Option<Postmortem>> {
    let row = sqlx::query!(
        r#"SELECT m.id AS "id: PostmortemId", m.incident_id AS "incident_id: IncidentId",
                  m.state AS "state: State", m.sections AS "sections: Json<Sections>",
                  m.no_actions_reason, m.revision,
                  m.created_at, m.updated_at, m.published_at, p.display_name AS "published_by?",
                  m.detection_source, m.classification_version,
                  m.template AS "template: Json<Template>", m.language AS "language: Lang"
           FROM postmortem m LEFT JOIN person p ON p.id = m.published_by
           WHERE m.incident_id = $1"#,
        incident_id as IncidentId
    )
    .fetch_optional(db)
    .await?;
    let Some(r) = row else { return Ok(None) };
    Ok(Some(Postmortem {
        id: r.id,
        incident_id: r.incident_id,
        state: r.state,
        sections: r.sections.0,
        no_actions_reason: r.no_actions_reason,
        revision: r.revision,
        created_at: r.created_at,
        updated_at: r.updated_at,
        published_at: r.published_at,
        published_by: r.published_by,
        detection: super::taxonomy::known_detection(r.detection_source.as_deref())?,
        classification_version: r.classification_version,
        template: r
            .template
            .map(|t| t.0)
            .unwrap_or_else(|| Template::sre_in(r.language)),
        language: r.language,
    }))
}

/// Starts the post-mortem following `template` with pre-filled sections; `None` when one
/// already exists. The built-in template is kept as NULL.
pub async fn create(
    tx: &mut PgConnection,
    incident_id: IncidentId,
    template: &Template,
    sections: &Sections,
    by: PersonId,
    language: Lang,
) -> sqlx::Result<Option<PostmortemId>> {
    let id = PostmortemId::new();
    let json = serde_json::to_value(sections).unwrap_or_default();
    let created = sqlx::query_scalar!(
        r#"INSERT INTO postmortem (id, incident_id, sections, created_by, template, language)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (incident_id) DO NOTHING RETURNING id AS "id: PostmortemId""#,
        id as PostmortemId,
        incident_id as IncidentId,
        json,
        by as PersonId,
        template.id.map(|_| Json(template)) as Option<Json<&Template>>,
        language.as_str()
    )
    .fetch_optional(&mut *tx)
    .await?;
    if created.is_some() {
        keep_revision(&mut *tx, id, 1, &json, "", by).await?;
        // Writing one after all replaces a decision that none was needed.
        sqlx::query!(
            "DELETE FROM postmortem_waiver WHERE incident_id = $1",
            incident_id as IncidentId
        )
        .execute(&mut *tx)
        .await?;
    }
    Ok(created)
}

/// Records that the incident needs no post-mortem, and why (the latest decision stands).
pub async fn waive(
    tx: &mut PgConnection,
    incident_id: IncidentId,
    reason: &str,
    by: Option<PersonId>,
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO postmortem_waiver (incident_id, reason, decided_by) VALUES ($1, $2, $3)
         ON CONFLICT (incident_id) DO UPDATE
         SET reason = EXCLUDED.reason, decided_by = EXCLUDED.decided_by, decided_at = now()",
        incident_id as IncidentId,
        reason,
        by as Option<PersonId>
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

async fn keep_revision(
    tx: &mut PgConnection,
    id: PostmortemId,
    revision: i32,
    sections: &serde_json::Value,
    reason: &str,
    by: PersonId,
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO postmortem_revision (id, postmortem_id, revision, sections, no_actions_reason, saved_by)
         VALUES ($1, $2, $3, $4, $5, $6)",
        Uuid::now_v7(),
        id as PostmortemId,
        revision,
        sections,
        reason,
        by as PersonId
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Saves new content if `expected` is still the current revision; `Ok(None)` when someone
/// saved in between. Approvals given to the earlier text are withdrawn.
pub async fn save(
    tx: &mut PgConnection,
    id: PostmortemId,
    expected: i32,
    sections: &Sections,
    no_actions_reason: &str,
    by: PersonId,
) -> sqlx::Result<Option<i32>> {
    let json = serde_json::to_value(sections).unwrap_or_default();
    let revision = sqlx::query_scalar!(
        "UPDATE postmortem SET sections = $3, no_actions_reason = $4, revision = revision + 1,
                updated_at = now()
         WHERE id = $1 AND revision = $2 AND state <> 'published' RETURNING revision",
        id as PostmortemId,
        expected,
        json,
        no_actions_reason
    )
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(revision) = revision {
        keep_revision(&mut *tx, id, revision, &json, no_actions_reason, by).await?;
        sqlx::query!(
            "UPDATE postmortem_reviewer SET approved_at = NULL WHERE postmortem_id = $1",
            id as PostmortemId
        )
        .execute(&mut *tx)
        .await?;
    }
    Ok(revision)
}

pub async fn set_state(
    tx: &mut PgConnection,
    id: PostmortemId,
    state: State,
    by: Option<PersonId>,
) -> sqlx::Result<()> {
    sqlx::query!(
        "UPDATE postmortem SET state = $2, updated_at = now(),
                published_at = CASE WHEN $2 = 'published' THEN now() END,
                published_by = CASE WHEN $2 = 'published' THEN $3::uuid END
         WHERE id = $1",
        id as PostmortemId,
        state.as_str(),
        by as Option<PersonId>
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Every saved revision: number, when, by whom; newest first.
pub async fn revisions(
    db: impl PgExecutor<'_>,
    id: PostmortemId,
) -> sqlx::Result<Vec<(i32, OffsetDateTime, Option<String>)>> {
    let rows = sqlx::query!(
        r#"SELECT r.revision, r.saved_at, p.display_name AS "saved_by?"
           FROM postmortem_revision r LEFT JOIN person p ON p.id = r.saved_by
           WHERE r.postmortem_id = $1 ORDER BY r.revision DESC LIMIT 1000"#,
        id as PostmortemId
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.revision, r.saved_at, r.saved_by))
        .collect())
}

/// One revision's content.
pub async fn revision(
    db: impl PgExecutor<'_>,
    id: PostmortemId,
    revision: i32,
) -> sqlx::Result<Option<(Sections, String)>> {
    let row = sqlx::query!(
        r#"SELECT sections AS "sections: Json<Sections>", no_actions_reason FROM postmortem_revision
         WHERE postmortem_id = $1 AND revision = $2"#,
        id as PostmortemId,
        revision
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| (r.sections.0, r.no_actions_reason)))
}

pub async fn reviewers(db: impl PgExecutor<'_>, id: PostmortemId) -> sqlx::Result<Vec<Reviewer>> {
    sqlx::query_as!(
        Reviewer,
        r#"SELECT r.person_id AS "person_id: PersonId", p.display_name AS name, r.approved_at
           FROM postmortem_reviewer r JOIN person p ON p.id = r.person_id
           WHERE r.postmortem_id = $1 ORDER BY lower(p.display_name)"#,
        id as PostmortemId
    )
    .fetch_all(db)
    .await
}

/// Replaces the reviewers, keeping approvals of those who stay.
pub async fn set_reviewers(
    tx: &mut PgConnection,
    id: PostmortemId,
    people: &[PersonId],
) -> sqlx::Result<()> {
    sqlx::query!(
        "DELETE FROM postmortem_reviewer WHERE postmortem_id = $1 AND NOT (person_id = ANY($2))",
        id as PostmortemId,
        people as &[PersonId]
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO postmortem_reviewer (postmortem_id, person_id)
         SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING",
        id as PostmortemId,
        people as &[PersonId]
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Records a reviewer's approval; `false` when they are not a reviewer.
pub async fn approve(
    tx: &mut PgConnection,
    id: PostmortemId,
    person: PersonId,
) -> sqlx::Result<bool> {
    let done = sqlx::query!(
        "UPDATE postmortem_reviewer SET approved_at = now() WHERE postmortem_id = $1 AND person_id = $2",
        id as PostmortemId,
        person as PersonId
    )
    .execute(&mut *tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A reviewer's comment on one section.
#[derive(Debug, Clone)]
pub struct Comment {
    pub id: Uuid,
    pub section: String,
    pub author_id: PersonId,
    pub author: String,
    pub body: String,
    pub created_at: OffsetDateTime,
    /// Answered and closed.
    pub resolved: bool,
}

pub async fn add_comment(
    tx: &mut PgConnection,
    id: PostmortemId,
    section: &str,
    author: PersonId,
    body: &str,
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO postmortem_comment (id, postmortem_id, section, author_id, body)
         VALUES ($1, $2, $3, $4, $5)",
        Uuid::now_v7(),
        id as PostmortemId,
        section,
        author as PersonId,
        body
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

pub async fn comments(db: impl PgExecutor<'_>, id: PostmortemId) -> sqlx::Result<Vec<Comment>> {
    sqlx::query_as!(
        Comment,
        r#"SELECT c.id, c.section, c.author_id AS "author_id: PersonId",
                  p.display_name AS author, c.body, c.created_at,
                  c.resolved_at IS NOT NULL AS "resolved!"
           FROM postmortem_comment c JOIN person p ON p.id = c.author_id
           WHERE c.postmortem_id = $1 ORDER BY c.created_at LIMIT 2000"#,
        id as PostmortemId
    )
    .fetch_all(db)
    .await
}

/// Marks a comment of the post-mortem resolved; false when there is no such open comment.
pub async fn resolve_comment(
    tx: &mut PgConnection,
    id: PostmortemId,
    comment: Uuid,
    by: PersonId,
) -> sqlx::Result<bool> {
    let done = sqlx::query!(
        "UPDATE postmortem_comment SET resolved_at = now(), resolved_by = $3
         WHERE id = $2 AND postmortem_id = $1 AND resolved_at IS NULL",
        id as PostmortemId,
        comment,
        by as PersonId
    )
    .execute(&mut *tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// How many of `author`'s comments on the post-mortem are still open.
pub async fn open_comments_by(
    db: impl PgExecutor<'_>,
    id: PostmortemId,
    author: PersonId,
) -> sqlx::Result<i64> {
    sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM postmortem_comment
           WHERE postmortem_id = $1 AND author_id = $2 AND resolved_at IS NULL"#,
        id as PostmortemId,
        author as PersonId
    )
    .fetch_one(db)
    .await
}

/// The post-mortems in review that `person` was asked to review and has not approved:
/// (incident number, incident title), oldest request first.
pub async fn reviews_requested(
    db: impl PgExecutor<'_>,
    person: PersonId,
    viewer: crate::domain::incident::Visibility,
) -> sqlx::Result<Vec<(i64, String)>> {
    let rows = sqlx::query!(
        r#"SELECT i.number, i.title
           FROM postmortem_reviewer r
           JOIN postmortem p ON p.id = r.postmortem_id AND p.state = 'in_review'
           JOIN incident i ON i.id = p.incident_id
           WHERE r.person_id = $1 AND r.approved_at IS NULL
             AND EXISTS (SELECT FROM visible_incident($2, $1) v WHERE v.id = i.id)
           ORDER BY p.updated_at LIMIT 50"#,
        person as PersonId,
        viewer.all
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.number, r.title)).collect())
}
