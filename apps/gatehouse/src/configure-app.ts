import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'crypto';
import pino from 'pino';
import fastifyCookie from '@fastify/cookie';
import fastifyRequestContext from '@fastify/request-context';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GatehouseConfig } from '@gatehouse/config';
import { LogWriter, managementLogEvent, requestFacts } from '@gatehouse/logs';
import { MANAGEMENT_RATE_LIMITER } from '@gatehouse/management-auth';
import { NetworkAclsService } from '@gatehouse/network-acls';
import { databaseUnavailable } from '@gatehouse/persistence';
import { AclScope } from '@gatehouse/policy';
import {
  Auth0Error,
  Auth0ExceptionFilter,
  ErrorCode,
  isAuthenticationApi,
  OAuthError,
  Auth0ValidationPipe,
  capConnections,
  connectionLimitOptions,
  ensureLocalTls,
  tlsConnectionLimitOptions,
  edgeServerOptions,
  registerBodyParsers,
  refuseNulInUrl,
  logUnexpected,
  ManagementRateLimiter,
  RouteTable,
  sendError,
  toAuth0Error,
  unavailableFor,
} from '@gatehouse/http';
import { Clock, TenantsService } from '@gatehouse/tenancy';
import { AppModule } from './app.module';
import { GatehouseMetrics, METRICS } from './metrics';
import { createProcessLogger, logFormatOf, NestPinoLogger, OneLinePerRequest } from './process-log';

export const BODY_LIMIT_BYTES = 1024 * 1024;

/** Which network ACL scope a path belongs to (SPEC §8); `tenant` rules apply to all of them. */
function aclScopeOf(url: string): AclScope {
  if (url.startsWith('/oidc/register')) return 'dcr';
  if (url.startsWith('/api/v2') || url.startsWith('/ext/v1')) return 'management';
  if (isAuthenticationApi(url)) return 'authentication';
  return 'tenant';
}

function aclBlocked(scope: AclScope): Auth0Error | OAuthError {
  const message = 'The request was blocked by a tenant network ACL rule.';
  return scope === 'management' ? new Auth0Error(ErrorCode.OperationNotSupported, message) : new OAuthError('access_denied', message);
}

/** Paths whose responses carry the tenant's Management API rate limit headers. */
const RATE_LIMITED = /^\/(api\/v2|ext\/v1)(\/|$|\?)/;
/** Process-level routes that must answer without the database (no tenant needed), and the API reference (/docs). */
const TENANTLESS = /^\/(?:(?:healthz|readyz|metrics)(?:\?|$)|docs(?:\/|\?|$))/;

export interface CreateAppOptions {
  clock?: Clock;
  /** A pino destination for the logs (default: stdout, asynchronous; synchronous when pretty). */
  logStream?: pino.DestinationStream;
}

/**
 * Nest would install its own Fastify error handler that turns Fastify's coded errors (body parser,
 * body limit) into message-only HttpExceptions; ours (below) maps them by code instead.
 */
class GatehouseFastifyAdapter extends FastifyAdapter {
  override setErrorHandler(): ReturnType<FastifyAdapter['setErrorHandler']> {
    return this.getInstance();
  }
}

/** Build the whole application exactly as production runs it; tests call this too. */
export async function createApp(config: GatehouseConfig, options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const clock = options.clock ?? new Clock(config.now);
  // One pino logger for Fastify, our lines and Nest's (issue 15 §6). No secret in any log (issue 12 §7):
  // URLs with secret query values masked, no bodies or credentials, in either format.
  const format = logFormatOf(config.logFormat, process.stdout.isTTY === true, options.logStream !== undefined);
  const logger = createProcessLogger(config.logLevel, format, options.logStream);
  const tls = config.https ? ensureLocalTls(config.dataDir, [new URL(config.publicUrl).hostname, config.tenantDomain, config.host]) : undefined;
  const adapter = new GatehouseFastifyAdapter({
    loggerInstance: logger,
    // pretty: one line per request instead of Fastify's two.
    ...(format === 'pretty' ? { logController: new OneLinePerRequest() } : {}),
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // Header, request and idle timeouts: a slow or silent client cannot hold a socket (issue 12 §6).
    // GATEHOUSE_HTTPS: the same server speaks TLS only, with the local authority's certificate (SPEC §1).
    ...(tls ? tlsConnectionLimitOptions(config.server, tls.serverOptions()) : connectionLimitOptions(config.server)),
    // Router and socket errors (bad percent-encoding, oversized headers, …) in Auth0's shape (issue 12 §2).
    ...edgeServerOptions(),
  });
  const routes = new RouteTable();
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, clock, routes), adapter, {
    logger: new NestPinoLogger(logger),
    bufferLogs: false,
    // registerBodyParsers (below) registers JSON and form bodies, bounded in depth and size.
    bodyParser: false,
  });
  // First of the onRequest hooks: everything after it, Nest's log lines included, knows its request.
  await app.register(fastifyRequestContext, { defaultStoreValues: (req) => ({ log: req.log }) });
  await app.register(fastifyCookie);
  const fastify = app.getHttpAdapter().getInstance();
  app.get<symbol, GatehouseMetrics | null>(METRICS)?.install(fastify);
  if (tls && tls.created !== 'nothing') {
    fastify.log.info(
      { tls: tls.dir },
      tls.created === 'ca'
        ? 'made a local certificate authority and its server certificate (GATEHOUSE_HTTPS)'
        : 'made a new server certificate (GATEHOUSE_HTTPS)',
    );
  }
  capConnections(fastify.server, config.server.maxConnections, (facts, message) => fastify.log.warn(facts, message));
  fastify.addHook('onRoute', (route) => routes.record(route.method, route.url));

  // Only JSON and form bodies exist in this API: anything else is 415, not a string handed to a route.
  fastify.removeContentTypeParser('text/plain');
  registerBodyParsers(fastify);
  refuseNulInUrl(fastify);

  const tenants = app.get(TenantsService);
  const acls = app.get(NetworkAclsService);
  const tenantLogs = app.get(LogWriter);
  const limiter = app.get<symbol, ManagementRateLimiter>(MANAGEMENT_RATE_LIMITER);
  fastify.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    reply.header('x-request-id', req.id);
    if (TENANTLESS.test(req.url)) return;
    req.tenant = await tenants.resolve(req.headers.host);
    const scope = aclScopeOf(req.url);
    const country = config.geoCountryHeader ? req.headers[config.geoCountryHeader] : undefined;
    const acl = await acls.decide(req.tenant.id, scope, {
      ip: req.ip,
      userAgent: req.headers['user-agent'],
      country: typeof country === 'string' ? country : undefined,
    });
    for (const ruleId of acl.logged) tenantLogs.noteAclMatch(req.tenant.id, ruleId, 'log', scope, requestFacts(req));
    if (acl.action === 'block') {
      req.log.warn({ acl_rule: acl.ruleId, scope }, 'request blocked by a tenant network ACL');
      tenantLogs.noteAclMatch(req.tenant.id, acl.ruleId!, 'block', scope, requestFacts(req));
      req.tenantLogged = true;
      return sendError(reply, aclBlocked(scope));
    }
    if (!RATE_LIMITED.test(req.url)) return;
    // Every Management API response shows the tenant's budget; only a request whose token verifies
    // spends it, and one that fails authentication spends its client IP's (ManagementAuthGuard).
    const perMinute = req.tenant.managementRateLimit ?? config.managementRateLimitPerMinute;
    for (const [k, v] of Object.entries(await limiter.peek(req.tenant.id, perMinute))) reply.header(k, v);
  });

  // Management API failures and rate-limited calls go to the tenant log as their responses leave, and
  // the response waits for the writer's next batch to commit (a response is an acknowledgement; issue
  // 12 §1). A successful write has already committed its event with the write (ManagementAuditInterceptor
  // marks it tenantLogged). A callback hook, not an async one: most responses log nothing and pass straight on.
  fastify.addHook('onSend', (req: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void) => {
    const event = req.tenant ? managementLogEvent(req, reply, payload) : undefined;
    if (!event) return done(null, payload);
    void tenantLogs.recordFailure(req.tenant!.id, event).then(() => done(null, payload));
  });

  // Errors raised before Nest sees the request (body parser, body limit, hooks).
  fastify.setErrorHandler((err: unknown, req: FastifyRequest, reply: FastifyReply) => {
    sendError(reply, unavailableFor(err, req, databaseUnavailable) ?? toAuth0Error(err, String(req.id), (id, e) => logUnexpected(req, id, e)));
  });

  app.useGlobalPipes(new Auth0ValidationPipe());
  app.useGlobalFilters(new Auth0ExceptionFilter(routes, databaseUnavailable));
  await app.init();
  return app;
}
