/** Who is calling the Management API, from a verified token. */
export interface ManagementPrincipal {
  tenantId: string;
  clientId: string;
  scopes: ReadonlySet<string>;
  /** Token expiry, seconds since the epoch. */
  exp: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    user?: ManagementPrincipal;
  }
}
