/**
 * Anchor: node-oidc-provider 9 issuing JWT access tokens for client_credentials, configured as a real
 * deployment would be for machine-to-machine access: one registered confidential client
 * (client_secret_post), resource indicators (RFC 8707) naming one API whose tokens are RS256 JWTs
 * (accessTokenFormat 'jwt'), a 2048-bit RSA signing key, dev interactions off. Its default in-memory
 * adapter stores nothing for JWT client-credentials tokens, so no database is on this path.
 * Environment: PORT, ISSUER, AUDIENCE, CLIENT_ID, CLIENT_SECRET, JWK (the private signing key as JSON).
 * Prints `ready` when listening.
 */
import process from 'node:process';
import Provider, { errors } from 'oidc-provider';

const { PORT, ISSUER, AUDIENCE, CLIENT_ID, CLIENT_SECRET, JWK } = process.env;

const provider = new Provider(ISSUER, {
  clients: [
    {
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  jwks: { keys: [JSON.parse(JWK)] },
  ttl: { ClientCredentials: 86400 },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => AUDIENCE,
      useGrantedResource: () => true,
      getResourceServerInfo(ctx, resourceIndicator) {
        if (resourceIndicator !== AUDIENCE) throw new errors.InvalidTarget();
        return {
          scope: 'read:things write:things',
          audience: AUDIENCE,
          accessTokenTTL: 86400,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
});
provider.proxy = false;

const server = provider.listen(Number(PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
server.on('error', (e) => {
  process.stderr.write(`${e.stack}\n`);
  process.exit(1);
});
