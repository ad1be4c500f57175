import type { LightMyRequestResponse } from 'fastify';
import { ApiMethod } from './use-test-app';
import { clientCredentialsToken, TestApp } from './test-app';

/** A tenant as POST /ext/v1/tenants answers it: its Host, Management API and admin application. */
export interface ControlPlaneTenant {
  id: string;
  domain: string;
  management_api_audience: string;
  admin_application: { client_id: string; client_secret: string };
}

export interface ControlPlaneCalls {
  /** A call to the control plane (/ext/v1/…) with the root credential, another Authorization header, or none (null). */
  root(method: ApiMethod, url: string, payload?: object, authorization?: string | null): Promise<LightMyRequestResponse>;
  /** POST /ext/v1/accounts, which must answer 201: the account. */
  createAccount(body: object): Promise<any>;
  /** POST /ext/v1/tenants, which must answer 201: the tenant. */
  createTenant(accountId: string, domain: string): Promise<ControlPlaneTenant>;
  /** A Management API token of a control-plane tenant's admin application, asked of that tenant's own /oauth/token. */
  tokenOf(tenant: ControlPlaneTenant): Promise<string>;
}

/**
 * The control plane as a test drives it, with the root credential `rootCredential` (the app's
 * GATEHOUSE_ROOT_TOKEN). `app` gives the started app (it starts in beforeAll), so the calls can be made
 * at the top of a describe and used in its hooks and tests.
 */
export function controlPlane(app: () => TestApp, rootCredential: string): ControlPlaneCalls {
  const calls: ControlPlaneCalls = {
    root: (method, url, payload, authorization = `Bearer ${rootCredential}`) =>
      app().inject({ method, url, headers: authorization === null ? {} : { authorization }, ...(payload ? { payload } : {}) }),
    async createAccount(body) {
      const res = await calls.root('POST', '/ext/v1/accounts', body);
      expect(res.statusCode).toBe(201);
      return res.json();
    },
    async createTenant(accountId, domain) {
      const res = await calls.root('POST', '/ext/v1/tenants', { account_id: accountId, domain });
      expect(res.statusCode).toBe(201);
      return res.json();
    },
    tokenOf: (tenant) =>
      clientCredentialsToken((opts) => app().inject(opts), {
        host: tenant.domain,
        clientId: tenant.admin_application.client_id,
        clientSecret: tenant.admin_application.client_secret,
        audience: tenant.management_api_audience,
      }),
  };
  return calls;
}
