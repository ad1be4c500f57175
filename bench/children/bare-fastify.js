'use strict';
/**
 * Anchor: a bare Fastify route serving ~1 KB of JSON (an application-shaped object, serialized per
 * request as a real route's would be). PORT from the environment; prints `ready` when listening.
 */
const Fastify = require('fastify');

const body = {
  client_id: 'qZ0n7xYbXo2LwM4cVt8sR1aPfEe9HuKj',
  tenant: 'bench',
  name: 'Bare Fastify anchor',
  description: 'A fixed object about the size of a Management API client body.',
  app_type: 'non_interactive',
  is_first_party: true,
  oidc_conformant: true,
  is_token_endpoint_ip_header_trusted: false,
  sso_disabled: false,
  cross_origin_authentication: false,
  callbacks: ['https://app.example.com/callback', 'https://app.example.com/silent-callback'],
  allowed_origins: ['https://app.example.com'],
  web_origins: ['https://app.example.com'],
  allowed_logout_urls: ['https://app.example.com/logout'],
  grant_types: ['client_credentials'],
  token_endpoint_auth_method: 'client_secret_post',
  jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 36000, secret_encoded: false },
  refresh_token: {
    rotation_type: 'non-rotating',
    expiration_type: 'non-expiring',
    leeway: 0,
    token_lifetime: 2592000,
    infinite_token_lifetime: true,
    idle_token_lifetime: 1296000,
    infinite_idle_token_lifetime: true,
  },
  signing_keys: [{ cert: '-----BEGIN CERTIFICATE-----MIIDHTCCAgWgAwIBAgIJ-----END CERTIFICATE-----', pkcs7: 'redacted', subject: 'deprecated' }],
  custom_login_page_on: true,
  client_metadata: { team: 'platform', tier: 'gold' },
};

const app = Fastify({ logger: false });
app.get('/json', async () => body);
app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' }).then(
  () => process.stdout.write('ready\n'),
  (e) => {
    process.stderr.write(`${e.stack}\n`);
    process.exit(1);
  },
);
