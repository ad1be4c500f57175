import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { createTestApp, TestApp, TestAppOptions } from './test-app';

export type ApiMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A call with a bearer token (the admin token unless `bearer` names another) to `${prefix}${url}`. */
export type ApiCall = (method: ApiMethod, url: string, payload?: unknown, bearer?: string) => Promise<LightMyRequestResponse>;

export interface TestAppHandle {
  /** The app of this test file: started before its tests, closed after them. */
  readonly t: TestApp;
  /** A Management API token of the main tenant's admin application (every emulated scope). */
  readonly token: string;
  /** Calls to the main tenant under `prefix` (e.g. '/api/v2/clients'), with a bearer token. */
  api(prefix?: string): ApiCall;
}

/**
 * The preamble of an e2e file: a fresh app (createTestApp) and an admin token in `beforeAll`, closed in
 * `afterAll`. Call it at the top of a `describe` (or of the file); use the handle inside tests.
 * `t.restart()` replaces the app on the same database (and mints the admin token anew, as the start
 * did): the handle then stands for the restarted app, and `afterAll` closes that one.
 */
export function useTestApp(options: TestAppOptions = {}): TestAppHandle {
  let current: TestApp | undefined;
  let token: string | undefined;
  beforeAll(async () => {
    current = await createTestApp(options);
    token = await current.token();
  });
  afterAll(() => current?.close());

  const started = (): TestApp => {
    if (!current) throw new Error('useTestApp: the app starts in beforeAll; use it inside tests and hooks');
    return current;
  };
  const restarted = async (next?: TestAppOptions): Promise<TestApp> => {
    current = await started().restart(next);
    token = await current.token();
    return t;
  };
  // Stands for the app this file started, so tests can keep writing `t.inject(...)`.
  const t: TestApp = {
    get app() {
      return started().app;
    },
    get config() {
      return started().config;
    },
    get clock() {
      return started().clock;
    },
    get main() {
      return started().main;
    },
    inject: (opts: InjectOptions & { host?: string }) => started().inject(opts),
    token: (...args) => started().token(...args),
    createTenant: (...args) => started().createTenant(...args),
    restart: restarted,
    close: () => started().close(),
  };
  return {
    t,
    get token() {
      started();
      return token!;
    },
    api:
      (prefix = '') =>
      (method, url, payload, bearer) =>
        t.inject({
          method,
          url: `${prefix}${url}`,
          headers: { authorization: `Bearer ${bearer ?? token}` },
          ...(payload === undefined ? {} : { payload: payload as object }),
        }),
  };
}
