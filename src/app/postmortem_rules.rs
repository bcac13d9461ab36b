//! When a post-mortem is required: admins set the rules, before incidents happen.

use serde_json::json;

use super::{Actor, Ctx, Result, record};
use crate::domain::audit::Change;
use crate::domain::postmortem::policy::Policy;
use crate::i18n::Message;
use crate::store;

/// How saving the rules ended.
pub enum Saved {
    Saved(i32),
    /// Someone saved since the version edited: the rules as they are now; nothing written.
    Stale(Box<Policy>),
}

/// Saves the rules if `policy.version` is still the current one.
pub async fn save(ctx: &Ctx<'_>, actor: &Actor, policy: &Policy) -> Result<Saved> {
    let mut tx = ctx.begin().await?;
    let before = store::postmortem_policy::get(&mut *tx).await?;
    let Some(version) = store::postmortem_policy::save(&mut tx, policy).await? else {
        return Ok(Saved::Stale(Box::new(before)));
    };
    let words = |p: &Policy| json!({"required_when": p.summary(), "due_days": p.due_days});
    let change = Change {
        action: "postmortem_policy.update",
        entity: "postmortem_policy",
        entity_id: "rules".into(),
        incident_id: None,
        summary: Message::new("audit-rules-set")
            .with_said("when", policy.said())
            .with("days", i64::from(policy.due_days)),
        before: Some(words(&before)),
        after: Some(words(policy)),
    };
    record(&mut tx, actor, change).await?;
    tx.commit().await?;
    Ok(Saved::Saved(version))
}
