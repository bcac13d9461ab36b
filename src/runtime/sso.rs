//! The identity provider, as Murphy talks to it (OpenID Connect, the `openidconnect`
//! crate): its discovery document (fetched when first needed and again when a token is
//! signed by a key it did not list), the authorization URL with PKCE, `state` and `nonce`,
//! and the code exchanged for a verified ID token (signature, issuer, audience, expiry,
//! nonce) and the user info. What Murphy decides from the claims is `app::sso`.

use std::collections::HashMap;
use std::time::Duration;

use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreErrorResponseType,
    CoreGenderClaim, CoreJsonWebKey, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm,
    CoreRevocableToken, CoreRevocationErrorResponse, CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AdditionalClaims, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EmptyExtraTokenFields,
    EndpointMaybeSet, EndpointNotSet, EndpointSet, IssuerUrl, Nonce, OAuth2TokenResponse,
    PkceCodeChallenge, PkceCodeVerifier, ProviderMetadataWithLogout, RedirectUrl, Scope,
    StandardErrorResponse, StandardTokenResponse, TokenResponse, UserInfoClaims,
};
use serde::{Deserialize, Serialize};
use tokio::sync::RwLock;

use crate::domain::sso::{Claims, Settings};

/// Every claim beyond the standard ones (groups, `sid`), by name.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Extra {
    #[serde(flatten)]
    pub claims: HashMap<String, serde_json::Value>,
}

impl AdditionalClaims for Extra {}

type IdTokenFields = openidconnect::IdTokenFields<
    Extra,
    EmptyExtraTokenFields,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;
type Tokens = StandardTokenResponse<IdTokenFields, CoreTokenType>;
type OidcClient = openidconnect::Client<
    Extra,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    Tokens,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// What the provider published, as Murphy read it.
#[derive(Debug, Clone)]
pub struct Discovered {
    pub metadata: ProviderMetadataWithLogout,
    pub at: time::OffsetDateTime,
}

/// The identity provider: settings, the HTTP client, the discovery document.
pub struct Sso {
    pub settings: Settings,
    http: reqwest::Client,
    discovered: RwLock<Option<Discovered>>,
}

/// Where to send the browser, and what the callback needs to finish.
pub struct Start {
    pub url: String,
    pub state: String,
    pub pkce_verifier: String,
    pub nonce: String,
}

/// The provider's answer, verified.
pub struct Answer {
    pub claims: Claims,
    /// The raw ID token, the hint for RP-initiated logout.
    pub id_token: String,
}

impl Sso {
    pub fn new(settings: Settings) -> Sso {
        static PROVIDER: std::sync::Once = std::sync::Once::new();
        PROVIDER.call_once(|| {
            let _ = rustls::crypto::ring::default_provider().install_default();
        });
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .connect_timeout(Duration::from_secs(5))
            // The token endpoint must answer itself (RFC 6749 §3.2): never follow.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("Murphy/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("the identity provider's HTTP client builds");
        Sso {
            settings,
            http,
            discovered: RwLock::new(None),
        }
    }

    /// The discovery document, fetched now if Murphy has none yet or `again`.
    pub async fn discover(&self, again: bool) -> Result<Discovered, String> {
        if !again && let Some(d) = self.discovered.read().await.clone() {
            return Ok(d);
        }
        let issuer = IssuerUrl::new(self.settings.issuer.clone())
            .map_err(|e| format!("MURPHY_OIDC_ISSUER is not a URL: {e}"))?;
        let http = Http(self.http.clone());
        let metadata = ProviderMetadataWithLogout::discover_async(issuer, &http)
            .await
            .map_err(|e| format!("the discovery document could not be read: {}", chain(&e)))?;
        let found = Discovered {
            metadata,
            at: time::OffsetDateTime::now_utc(),
        };
        *self.discovered.write().await = Some(found.clone());
        Ok(found)
    }

    /// The discovery document Murphy holds, without asking for it.
    pub async fn held(&self) -> Option<Discovered> {
        self.discovered.read().await.clone()
    }

    fn client(&self, d: &Discovered) -> Result<OidcClient, String> {
        let redirect = RedirectUrl::new(self.settings.redirect_url.clone())
            .map_err(|e| format!("the redirect URL is not a URL: {e}"))?;
        Ok(OidcClient::from_provider_metadata(
            d.metadata.clone(),
            ClientId::new(self.settings.client_id.clone()),
            self.settings.client_secret.clone().map(ClientSecret::new),
        )
        .set_redirect_uri(redirect))
    }

    /// The provider's authorization URL for a new sign-in.
    pub async fn start(&self) -> Result<Start, String> {
        let d = self.discover(false).await?;
        let client = self.client(&d)?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .set_pkce_challenge(challenge);
        for scope in self.settings.scopes.iter().filter(|s| *s != "openid") {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, state, nonce) = request.url();
        Ok(Start {
            url: url.to_string(),
            state: state.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
            nonce: nonce.secret().clone(),
        })
    }

    /// Exchanges `code` and verifies the ID token; when its key is unknown, reads the
    /// discovery document (and so the keys) again and verifies once more.
    pub async fn finish(
        &self,
        code: &str,
        pkce_verifier: &str,
        nonce: &str,
    ) -> Result<Answer, String> {
        let d = self.discover(false).await?;
        let client = self.client(&d)?;
        let http = Http(self.http.clone());
        let tokens: Tokens = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|e| format!("the provider has no token endpoint: {e}"))?
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_owned()))
            .request_async(&http)
            .await
            .map_err(|e| format!("the code was not accepted: {}", chain(&e)))?;
        let id_token = tokens
            .id_token()
            .ok_or("the provider sent no ID token")?
            .clone();
        let nonce = Nonce::new(nonce.to_owned());
        let verified = match id_token.claims(&client.id_token_verifier(), &nonce) {
            Ok(c) => c.clone(),
            Err(first) => {
                // A key the document did not list: the provider may have rotated its keys.
                let fresh = self.discover(true).await?;
                let client = self.client(&fresh)?;
                id_token
                    .claims(&client.id_token_verifier(), &nonce)
                    .map_err(|_| format!("the ID token could not be verified: {first}"))?
                    .clone()
            }
        };
        let mut claims = Claims {
            subject: verified.subject().to_string(),
            email: verified.email().map(|e| e.to_string()),
            email_verified: verified.email_verified().unwrap_or(false),
            name: verified
                .name()
                .and_then(|n| n.get(None))
                .map(|n| n.to_string()),
            groups: groups(
                &verified.additional_claims().claims,
                &self.settings.groups_claim,
            ),
            sid: verified
                .additional_claims()
                .claims
                .get("sid")
                .and_then(|v| v.as_str())
                .map(str::to_owned),
        };
        // Providers often keep email, name and groups for the user info endpoint.
        if let Ok(request) = client.user_info(
            tokens.access_token().clone(),
            Some(verified.subject().clone()),
        ) {
            let info: Result<UserInfoClaims<Extra, CoreGenderClaim>, _> =
                request.request_async(&http).await;
            match info {
                Ok(info) => {
                    if claims.email.is_none() {
                        claims.email = info.email().map(|e| e.to_string());
                        claims.email_verified = info.email_verified().unwrap_or(false);
                    }
                    if claims.name.is_none() {
                        claims.name = info.name().and_then(|n| n.get(None)).map(|n| n.to_string());
                    }
                    if claims.groups.is_empty() {
                        claims.groups = groups(
                            &info.additional_claims().claims,
                            &self.settings.groups_claim,
                        );
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %chain(&e), "the identity provider's user info could not be read");
                }
            }
        }
        Ok(Answer {
            claims,
            id_token: id_token.to_string(),
        })
    }

    /// Where to send the browser to sign out at the provider too, if it says.
    pub async fn end_session_url(&self, id_token: &str, back_to: &str) -> Option<String> {
        let d = self.held().await?;
        let end = d
            .metadata
            .additional_metadata()
            .end_session_endpoint
            .clone()?;
        let mut url = end.url().clone();
        url.query_pairs_mut()
            .append_pair("id_token_hint", id_token)
            .append_pair("post_logout_redirect_uri", back_to)
            .append_pair("client_id", &self.settings.client_id);
        Some(url.to_string())
    }
}

/// The groups in `claims[name]`: a list of strings, or one string.
fn groups(claims: &HashMap<String, serde_json::Value>, name: &str) -> Vec<String> {
    match claims.get(name) {
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        Some(serde_json::Value::String(one)) => vec![one.clone()],
        _ => Vec::new(),
    }
}

/// An error and its sources in one line.
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct HttpError(String);

/// The provider's answers are small: more than this is refused.
const MOST: usize = 1 << 20;

/// The HTTP client as `openidconnect` calls it (a boxed future that is `Send`, so the
/// handlers' futures are too).
struct Http(reqwest::Client);

impl<'c> openidconnect::AsyncHttpClient<'c> for Http {
    type Error = HttpError;
    type Future = std::pin::Pin<
        Box<
            dyn std::future::Future<Output = Result<openidconnect::HttpResponse, HttpError>>
                + Send
                + 'c,
        >,
    >;

    fn call(&'c self, request: openidconnect::HttpRequest) -> Self::Future {
        Box::pin(send(self.0.clone(), request))
    }
}

async fn send(
    client: reqwest::Client,
    request: openidconnect::HttpRequest,
) -> Result<openidconnect::HttpResponse, HttpError> {
    let (parts, body) = request.into_parts();
    let response = client
        .request(parts.method, parts.uri.to_string())
        .headers(parts.headers)
        .body(body)
        .send()
        .await
        .map_err(|e| HttpError(chain(&e)))?;
    let mut builder = axum::http::Response::builder().status(response.status());
    for (k, v) in response.headers() {
        builder = builder.header(k, v);
    }
    let mut response = response;
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| HttpError(chain(&e)))? {
        body.extend_from_slice(&chunk);
        if body.len() > MOST {
            return Err(HttpError("the answer is too large".into()));
        }
    }
    builder.body(body).map_err(|e| HttpError(e.to_string()))
}

/// Who a back-channel logout token says signed out: the provider's subject, its session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedOut {
    pub subject: Option<String>,
    pub sid: Option<String>,
}

/// The back-channel logout event's name (OpenID Connect Back-Channel Logout 1.0).
const LOGOUT_EVENT: &str = "http://schemas.openid.net/event/backchannel-logout";

fn base64url(part: &str) -> Result<Vec<u8>, String> {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part.trim_end_matches('='))
        .map_err(|_| "the logout token is not a JWT".to_owned())
}

impl Sso {
    /// Verifies a back-channel logout token: its signature by one of the provider's keys
    /// (read again once for an unknown key), issuer, audience, a recent `iat`, the logout
    /// event, no nonce, and a subject or session id.
    pub async fn logged_out(&self, token: &str) -> Result<LoggedOut, String> {
        use openidconnect::JsonWebKey;
        let parts: Vec<&str> = token.trim().split('.').collect();
        let [head, body, signature] = parts[..] else {
            return Err("the logout token is not a JWT".into());
        };
        let header: serde_json::Value =
            serde_json::from_slice(&base64url(head)?).map_err(|_| "its header is not JSON")?;
        let claims: serde_json::Value =
            serde_json::from_slice(&base64url(body)?).map_err(|_| "its claims are not JSON")?;
        let signature = base64url(signature)?;
        let alg: CoreJwsSigningAlgorithm = serde_json::from_value(header["alg"].clone())
            .map_err(|_| "its algorithm is unknown")?;
        if matches!(alg, CoreJwsSigningAlgorithm::None)
            || header["alg"].as_str().is_some_and(|a| a.starts_with("HS"))
        {
            return Err("the logout token must be signed with the provider's key".into());
        }
        let kid = header["kid"].as_str();
        let message = format!("{head}.{body}");
        let verify = |d: &Discovered| {
            d.metadata
                .jwks()
                .keys()
                .iter()
                .filter(|k| kid.is_none() || k.key_id().map(|x| x.as_str()) == kid)
                .any(|k| {
                    k.verify_signature(&alg, message.as_bytes(), &signature)
                        .is_ok()
                })
        };
        let d = self.discover(false).await?;
        if !verify(&d) && !verify(&self.discover(true).await?) {
            return Err("its signature is not the provider's".into());
        }
        if claims["iss"].as_str() != Some(self.settings.issuer.as_str()) {
            return Err("it comes from another issuer".into());
        }
        let audience_ok = match &claims["aud"] {
            serde_json::Value::String(a) => *a == self.settings.client_id,
            serde_json::Value::Array(list) => list
                .iter()
                .any(|a| a.as_str() == Some(self.settings.client_id.as_str())),
            _ => false,
        };
        if !audience_ok {
            return Err("it is meant for another client".into());
        }
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        match claims["iat"].as_i64() {
            Some(iat) if (now - iat).abs() <= 600 => {}
            _ => return Err("it is not recent".into()),
        }
        if claims["exp"].as_i64().is_some_and(|exp| exp < now) {
            return Err("it has expired".into());
        }
        if claims["events"].get(LOGOUT_EVENT).is_none() {
            return Err("it is not a logout event".into());
        }
        if claims.get("nonce").is_some() {
            return Err("a logout token carries no nonce".into());
        }
        let subject = claims["sub"].as_str().map(str::to_owned);
        let sid = claims["sid"].as_str().map(str::to_owned);
        if subject.is_none() && sid.is_none() {
            return Err("it names neither a subject nor a session".into());
        }
        Ok(LoggedOut { subject, sid })
    }
}
