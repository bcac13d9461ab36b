//! API tokens: created for a person (shown once), revoked by their owner.

use serde_json::json;
use uuid::Uuid;

use super::{Actor, Ctx, Error, Result, record};
use crate::domain::audit::Change;
use crate::domain::person::Person;
use crate::domain::token::Scopes;
use crate::i18n::Message;
use crate::secret::{digest, new_api_token};
use crate::store;
use crate::store::tokens::ApiToken;
use time::OffsetDateTime;

/// What a new token is: its name, what it may do and when it expires.
#[derive(Debug, Clone)]
pub struct NewToken {
    pub name: String,
    pub scopes: Scopes,
    pub expires_at: Option<OffsetDateTime>,
}

/// Creates a token for `owner`; returns the secret, which is shown once and stored only as
/// its digest.
pub async fn issue(ctx: &Ctx<'_>, actor: &Actor, owner: &Person, new: &NewToken) -> Result<String> {
    let (secret, prefix) = new_api_token();
    let name = &new.name;
    let mut tx = ctx.begin().await?;
    let token = store::tokens::create(
        &mut *tx,
        owner.id,
        name,
        &digest(&secret),
        &prefix,
        &new.scopes.names(),
        new.expires_at,
    )
    .await?;
    let created = Change {
        action: "token.create",
        entity: "token",
        entity_id: token.id.to_string(),
        incident_id: None,
        summary: Message::new("audit-token-created")
            .with("name", name)
            .with("owner", owner.label()),
        before: None,
        after: Some(json!({"name": name, "prefix": prefix, "owner": owner.email,
                           "scopes": new.scopes.names(),
                           "expires_at": new.expires_at.map(crate::domain::time::rfc3339)})),
    };
    record(&mut tx, actor, created).await?;
    tx.commit().await?;
    Ok(secret)
}

/// Notes that the token was used now (at most once a minute).
pub async fn touch(ctx: &Ctx<'_>, id: Uuid) -> Result<()> {
    store::tokens::touch(ctx.db, id).await?;
    Ok(())
}

/// Revokes one of the actor's own tokens; it stops working on every instance when this
/// commits.
pub async fn revoke(ctx: &Ctx<'_>, actor: &Actor, id: Uuid) -> Result<ApiToken> {
    let owner = actor.person_id().ok_or(Error::NotFound)?;
    let mut tx = ctx.begin().await?;
    let token = store::tokens::revoke(&mut *tx, owner, id)
        .await?
        .ok_or(Error::NotFound)?;
    let revoked = Change {
        action: "token.revoke",
        entity: "token",
        entity_id: token.id.to_string(),
        incident_id: None,
        summary: Message::new("audit-token-revoked").with("name", &token.name),
        before: Some(json!({"name": token.name, "revoked": false})),
        after: Some(json!({"name": token.name, "revoked": true})),
    };
    record(&mut tx, actor, revoked).await?;
    tx.commit().await?;
    Ok(token)
}
