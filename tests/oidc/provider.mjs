// A real OpenID provider for the tests: panva's oidc-provider with one client (Murphy)
// and accounts whose claims the test sets through /__accounts/{id}. The development login
// form takes any account id; a consent page follows.
//
// Environment: PORT, REDIRECT_URI, LOGOUT_URI (post-logout redirect), BACKCHANNEL_URI.
import http from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const accounts = new Map();

const provider = new Provider(issuer, {
  clients: [{
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
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
    backchannelLogout: { enabled: true },
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

const callback = provider.callback();
http.createServer((req, res) => {
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
  callback(req, res);
}).listen(port, '127.0.0.1', () => console.log(`listening ${issuer}`));
