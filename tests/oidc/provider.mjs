// A real OpenID provider for the tests: panva's oidc-provider with one client (Murphy)
// and accounts whose claims the test sets through /__accounts/{id}. The development login
// form takes any account id; a consent page follows.
//
// Environment: REDIRECT_URI, LOGOUT_URI (post-logout redirect), BACKCHANNEL_URI. It listens
// on a port of its own choosing and prints "listening ISSUER" once it serves.
import http from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

const server = http.createServer();
await new Promise((resolve) => { server.listen(0, '127.0.0.1', resolve); });
const issuer = `http://127.0.0.1:${server.address().port}`;
const accounts = new Map();
// Test switches: tamper with the next ID tokens' claims, or let them expire in flight.
const mode = { tamper: false, expire: false };

// A provider with a signing key of its own, with a fresh key id. PUT /__rotate replaces it
// with another (a new key, sign-ins under way forgotten), as a restart would.
async function build() {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: `k${Date.now()}`, alg: 'RS256', use: 'sig' };
  const provider = new Provider(issuer, {
    jwks: { keys: [jwk] },
    clients: [{
      client_id: 'murphy-public',
      token_endpoint_auth_method: 'none',
      redirect_uris: [process.env.REDIRECT_URI],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    }, {
      client_id: 'murphy',
      client_secret: 'murphy-test-secret',
      redirect_uris: [process.env.REDIRECT_URI],
      post_logout_redirect_uris: [process.env.LOGOUT_URI],
      backchannel_logout_uri: process.env.BACKCHANNEL_URI,
      backchannel_logout_session_required: true,
      grant_types: ['authorization_code'],
      response_types: ['code'],
    }],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
      groups: ['groups'],
    },
    scopes: ['openid', 'email', 'profile', 'groups'],
    pkce: { required: () => true },
    ttl: { IdToken: () => (mode.expire ? 1 : 3600) },
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      backchannelLogout: { enabled: true },
    },
    // Murphy listens on 127.0.0.1 in the tests: let the back-channel logout reach it (the
    // provider refuses special-use addresses by default).
    fetch: (url, options) => {
      delete options.dispatcher;
      return globalThis.fetch(url, options);
    },
    async findAccount(ctx, id) {
      return {
        accountId: id,
        async claims() {
          return { sub: id, ...(accounts.get(id) ?? { email: `${id}@example.com`, email_verified: true }) };
        },
      };
    },
  });
  provider.proxy = false;
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path !== '/token' || !ctx.body?.id_token) return;
    if (mode.tamper) {
      // Another email in the claims, the provider's signature left as it was.
      const [head, body, signature] = ctx.body.id_token.split('.');
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
      claims.email = 'mallory@example.com';
      const forged = Buffer.from(JSON.stringify(claims)).toString('base64url');
      ctx.body = { ...ctx.body, id_token: `${head}.${forged}.${signature}` };
    }
    if (mode.expire) await new Promise((resolve) => { setTimeout(resolve, 2500); });
  });
  provider.on('backchannel.error', (ctx, err, client, accountId, sid) => console.error('backchannel.error', err.message, err.error_description ?? '', err.cause));
  provider.on('backchannel.success', () => console.error('backchannel.success'));
  return provider.callback();
}

let callback = await build();
server.on('request', (req, res) => {
  const m = req.url.match(/^\/__accounts\/([^/?]+)$/);
  if (m && req.method === 'PUT') {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      accounts.set(decodeURIComponent(m[1]), JSON.parse(body));
      res.writeHead(204).end();
    });
    return;
  }
  if (req.url === '/__mode' && req.method === 'PUT') {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      Object.assign(mode, JSON.parse(body));
      res.writeHead(204).end();
    });
    return;
  }
  if (req.url === '/__rotate' && req.method === 'PUT') {
    build().then((rotated) => {
      callback = rotated;
      res.writeHead(204).end();
    });
    return;
  }
  callback(req, res);
});
console.log(`listening ${issuer}`);
