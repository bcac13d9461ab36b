//! Contributing factors and triggers (migration 0032), and the tags and detection source of
//! each post-mortem.

use crate::i18n::Message;
use sqlx::{PgConnection, PgExecutor};
use uuid::Uuid;

use super::is_unique_violation;
use crate::domain::ids::PostmortemId;
use crate::domain::taxonomy::{Classification, Detection, Tag, TagFields, TagKind};
use crate::domain::validation::FieldErrors;

struct TagRow {
    id: Uuid,
    kind: String,
    name: String,
    description: String,
    retired: bool,
    version: i32,
}

impl TryFrom<TagRow> for Tag {
    type Error = sqlx::Error;
    fn try_from(r: TagRow) -> sqlx::Result<Tag> {
        Ok(Tag {
            id: r.id,
            kind: known_kind(&r.kind)?,
            name: r.name,
            description: r.description,
            retired: r.retired,
            version: r.version,
        })
    }
}

pub(super) fn known_kind(text: &str) -> sqlx::Result<TagKind> {
    TagKind::parse(text).ok_or_else(|| {
        sqlx::Error::Decode(format!("the database holds tag kind \"{text}\"").into())
    })
}

pub(super) fn known_detection(text: Option<&str>) -> sqlx::Result<Option<Detection>> {
    text.map(|t| {
        Detection::parse(t).ok_or_else(|| {
            sqlx::Error::Decode(format!("the database holds detection source \"{t}\"").into())
        })
    })
    .transpose()
}

/// Every factor and trigger, retired ones included: factors first, by name.
pub async fn list(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<Tag>> {
    let rows = sqlx::query_as!(
        TagRow,
        "SELECT id, kind, name, description, retired, version FROM learning_tag
         ORDER BY kind, lower(name), id LIMIT 2000"
    )
    .fetch_all(db)
    .await?;
    rows.into_iter().map(Tag::try_from).collect()
}

pub async fn get(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<Option<Tag>> {
    let row = sqlx::query_as!(
        TagRow,
        "SELECT id, kind, name, description, retired, version FROM learning_tag WHERE id = $1",
        id
    )
    .fetch_optional(db)
    .await?;
    row.map(Tag::try_from).transpose()
}

fn duplicate(kind: TagKind, fields: &TagFields) -> FieldErrors {
    FieldErrors::one_said(
        "name",
        Message::new("val-tag-name-taken")
            .with_said("kind", Message::keyed("audit-tag-", kind.as_str()))
            .with("name", &fields.name),
    )
}

/// Adds a factor or trigger; a field error when its name is taken.
pub async fn add(
    tx: &mut PgConnection,
    kind: TagKind,
    fields: &TagFields,
) -> sqlx::Result<Result<Uuid, FieldErrors>> {
    let added = sqlx::query_scalar!(
        "INSERT INTO learning_tag (id, kind, name, description) VALUES ($1, $2, $3, $4)
         RETURNING id",
        Uuid::now_v7(),
        kind.as_str(),
        fields.name,
        fields.description
    )
    .fetch_one(&mut *tx)
    .await;
    match added {
        Ok(id) => Ok(Ok(id)),
        Err(e) if is_unique_violation(&e, "learning_tag_name_idx") => {
            Ok(Err(duplicate(kind, fields)))
        }
        Err(e) => Err(e),
    }
}

/// Renames, describes and retires (or brings back) a tag if `version` is still current:
/// `Ok(Ok(None))` when it is stale.
pub async fn update(
    tx: &mut PgConnection,
    tag: &Tag,
    version: i32,
    fields: &TagFields,
    retired: bool,
) -> sqlx::Result<Result<Option<i32>, FieldErrors>> {
    let saved = sqlx::query_scalar!(
        "UPDATE learning_tag SET name = $3, description = $4, retired = $5, version = version + 1
         WHERE id = $1 AND version = $2 RETURNING version",
        tag.id,
        version,
        fields.name,
        fields.description,
        retired
    )
    .fetch_optional(&mut *tx)
    .await;
    match saved {
        Ok(v) => Ok(Ok(v)),
        Err(e) if is_unique_violation(&e, "learning_tag_name_idx") => {
            Ok(Err(duplicate(tag.kind, fields)))
        }
        Err(e) => Err(e),
    }
}

/// The factors and triggers a post-mortem carries: factors first, by name.
pub async fn of_postmortem(db: impl PgExecutor<'_>, id: PostmortemId) -> sqlx::Result<Vec<Tag>> {
    let rows = sqlx::query_as!(
        TagRow,
        "SELECT t.id, t.kind, t.name, t.description, t.retired, t.version
         FROM postmortem_tag pt JOIN learning_tag t ON t.id = pt.tag_id
         WHERE pt.postmortem_id = $1 ORDER BY t.kind, lower(t.name)",
        id as PostmortemId
    )
    .fetch_all(db)
    .await?;
    rows.into_iter().map(Tag::try_from).collect()
}

/// Of `ids`, those that are no factor or trigger at all.
pub async fn unknown(db: impl PgExecutor<'_>, ids: &[Uuid]) -> sqlx::Result<Vec<Uuid>> {
    sqlx::query_scalar!(
        r#"SELECT x AS "x!" FROM unnest($1::uuid[]) x
           WHERE NOT EXISTS (SELECT 1 FROM learning_tag t WHERE t.id = x)"#,
        ids
    )
    .fetch_all(db)
    .await
}

/// Sets a post-mortem's tags and detection source if `version` is still current; the new
/// version, or `None` when it is stale. The caller holds the post-mortem's lock.
pub async fn classify(
    tx: &mut PgConnection,
    id: PostmortemId,
    version: i32,
    c: &Classification,
) -> sqlx::Result<Option<i32>> {
    let saved = sqlx::query_scalar!(
        "UPDATE postmortem SET detection_source = $3,
                classification_version = classification_version + 1
         WHERE id = $1 AND classification_version = $2 RETURNING classification_version",
        id as PostmortemId,
        version,
        c.detection.map(Detection::as_str)
    )
    .fetch_optional(&mut *tx)
    .await?;
    if saved.is_none() {
        return Ok(None);
    }
    sqlx::query!(
        "DELETE FROM postmortem_tag WHERE postmortem_id = $1 AND NOT (tag_id = ANY($2))",
        id as PostmortemId,
        &c.tags
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO postmortem_tag (postmortem_id, tag_id)
         SELECT $1, x FROM unnest($2::uuid[]) x ON CONFLICT DO NOTHING",
        id as PostmortemId,
        &c.tags
    )
    .execute(&mut *tx)
    .await?;
    Ok(saved)
}
