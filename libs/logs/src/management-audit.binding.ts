import { DynamicModule, ForwardReference, RequestMethod, Type } from '@nestjs/common';
import { INTERCEPTORS_METADATA, METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner } from '@nestjs/core';
import { ManagementAuditInterceptor } from './management-audit.interceptor';

/** A controller class or a route handler: only their metadata is read. */
type Annotated = (...args: never[]) => unknown;
type ModuleEntry = Type | DynamicModule | ForwardReference | Promise<DynamicModule> | undefined;

const WRITE_METHODS = new Set<RequestMethod>([RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE]);
const MANAGEMENT_CONTROLLER = /^\/?api\/v2(\/|$)/;

/** The handlers of Management API writes: POST, PUT, PATCH and DELETE routes of controllers under /api/v2. */
export function managementWriteHandlers(controllers: Annotated[], scanner = new MetadataScanner()): Annotated[] {
  const handlers: Annotated[] = [];
  for (const controller of controllers) {
    const paths = ([] as unknown[]).concat(Reflect.getMetadata(PATH_METADATA, controller) ?? []);
    if (!paths.some((p) => typeof p === 'string' && MANAGEMENT_CONTROLLER.test(p))) continue;
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name];
      if (typeof handler !== 'function') continue;
      const route = handler as Annotated;
      const method = Reflect.getMetadata(METHOD_METADATA, route) as RequestMethod | undefined;
      if (method !== undefined && WRITE_METHODS.has(method)) handlers.push(route);
    }
  }
  return handlers;
}

/** Every controller of a module and of the modules it imports, static and dynamic. */
export function controllersOf(root: ModuleEntry): Annotated[] {
  const seen = new Set<unknown>();
  const out = new Set<Annotated>();
  const visit = (entry: ModuleEntry): void => {
    if (!entry || entry instanceof Promise) return;
    const dynamic = 'module' in entry ? entry : undefined;
    const cls = dynamic ? dynamic.module : 'forwardRef' in entry ? (entry.forwardRef() as Type) : (entry as Type);
    const key = dynamic ?? cls;
    if (!cls || seen.has(key)) return;
    seen.add(key);
    const controllers = [...((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, cls) as Type[]) ?? []), ...(dynamic?.controllers ?? [])];
    for (const controller of controllers) out.add(controller as unknown as Annotated);
    const imports = [...((Reflect.getMetadata(MODULE_METADATA.IMPORTS, cls) as ModuleEntry[]) ?? []), ...((dynamic?.imports as ModuleEntry[]) ?? [])];
    imports.forEach(visit);
  };
  visit(root);
  return [...out];
}

/**
 * Binds ManagementAuditInterceptor to the Management API's write routes only, before Nest scans the
 * application. As a global interceptor (APP_INTERCEPTOR) it wrapped every route, reads and token
 * requests included, in Nest's interceptor chain (three AsyncResource binds and an rxjs pipeline per
 * request) only to pass them through: about a quarter of the server's CPU time per
 * `GET /api/v2/clients/{id}` (docs/decisions.md). The interceptor is named by its class, as
 * `@UseInterceptors` would: Nest makes it, per application, in each controller's module (LogsModule is
 * global so that its LogWriter resolves there). Idempotent: several applications in one process (tests,
 * instances) bind the same classes once.
 */
export function bindManagementAudit(root: ModuleEntry): number {
  const handlers = managementWriteHandlers(controllersOf(root));
  for (const handler of handlers) {
    const existing = (Reflect.getMetadata(INTERCEPTORS_METADATA, handler) as unknown[] | undefined) ?? [];
    if (!existing.includes(ManagementAuditInterceptor)) Reflect.defineMetadata(INTERCEPTORS_METADATA, [ManagementAuditInterceptor, ...existing], handler);
  }
  return handlers.length;
}
