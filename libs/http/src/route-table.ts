import FindMyWay from 'find-my-way';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * The routes the server has, to tell 404 (no such path) from 405 (path exists, other method).
 * Fed from Fastify's onRoute hook; matching uses Fastify's own router.
 */
export class RouteTable {
  private readonly router = FindMyWay({ ignoreTrailingSlash: true });

  record(method: string | string[], url: string): void {
    for (const m of Array.isArray(method) ? method : [method]) {
      if (!(METHODS as readonly string[]).includes(m) || url.includes('*')) continue;
      try {
        this.router.on(m as (typeof METHODS)[number], url, () => undefined);
      } catch {
        /* duplicate registration (e.g. HEAD for GET) */
      }
    }
  }

  /** Methods that do match `path`; empty when the path itself is unknown. */
  allowedMethods(path: string): string[] {
    const clean = path.split('?')[0] ?? path;
    return METHODS.filter((m) => this.router.find(m, clean) !== null);
  }
}
