// A real OpenID provider (panva's oidc-provider) for the auth tests: two issuers on free ports that share
// one key set (ES256 and RS256), so a token of the second has a valid signature and the wrong issuer.
// Clients use the client_credentials grant with a resource indicator: the access token is then a JWT.
// Prints one line of JSON, {"issuer": …, "otherIssuer": …}, then serves until killed.
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

export const API = 'https://api.chuangwen.test';

// Each client stands for an office's integration; its claims say where and as what it acts.
const CLIENTS = {
  'office-620102': {
    alg: 'ES256',
    ttl: 600,
    claims: { chuangwen: { jurisdiction: '620102' }, scope_roles: 'cw-office other-role' },
  },
  'office-620102-rs': {
    alg: 'RS256',
    ttl: 600,
    claims: { chuangwen: { jurisdiction: '620102' }, scope_roles: 'cw-office' },
  },
  'office-expiring': {
    alg: 'ES256',
    ttl: 1,
    claims: { chuangwen: { jurisdiction: '620102' }, scope_roles: 'cw-office' },
  },
  'office-long-lived': {
    alg: 'ES256',
    ttl: 7 * 86400,
    claims: { chuangwen: { jurisdiction: '620102' }, scope_roles: 'cw-office' },
  },
};
const SECRET = 'client-secret-for-tests-0123456789abcdef';

async function signingKeys() {
  const keys = [];
  for (const alg of ['ES256', 'RS256']) {
    const { privateKey } = await generateKeyPair(alg, { extractable: true });
    keys.push({ ...(await exportJWK(privateKey)), alg, use: 'sig', kid: `test-${alg.toLowerCase()}` });
  }
  return keys;
}

async function start(keys) {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    jwks: { keys },
    clients: Object.keys(CLIENTS).map((client_id) => ({
      client_id,
      client_secret: SECRET,
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
      token_endpoint_auth_method: 'client_secret_post',
    })),
    features: {
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource, client) => ({
          scope: 'api',
          audience: resource,
          accessTokenTTL: CLIENTS[client.clientId].ttl,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: CLIENTS[client.clientId].alg } },
        }),
      },
    },
    extraTokenClaims: (_ctx, token) => CLIENTS[token.clientId]?.claims,
  });
  server.on('request', provider.callback());
  return issuer;
}

const keys = await signingKeys();
const [issuer, otherIssuer] = [await start(keys), await start(keys)];
process.stdout.write(`${JSON.stringify({ issuer, otherIssuer, clientSecret: SECRET, api: API })}\n`);
