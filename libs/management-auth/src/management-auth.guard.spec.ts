import { Controller, Get } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContext } from '@nestjs/common';
import { Auth0Error, ManagementRateLimiter } from '@gatehouse/http';
import { Clock } from '@gatehouse/tenancy';
import { Public, Scopes } from './decorators';
import { ManagementAuthGuard } from './management-auth.guard';

@Controller()
class Routes {
  @Get('a')
  @Scopes('read:clients', 'read:client_summary')
  readClients() {}

  @Get('b')
  @Public()
  open() {}

  @Get('c')
  noScopes() {}
}

/** Drive the guard with a principal already verified (the cache path), to test the scope rule alone. */
function contextFor(handler: keyof Routes, scopes: string[] | undefined): ExecutionContext {
  const req: Record<string, unknown> = {
    headers: scopes ? { authorization: 'Bearer token' } : {},
    tenant: { id: 't1' },
  };
  return {
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => ({ header: () => undefined }) }),
  } as unknown as ExecutionContext;
}

describe('ManagementAuthGuard scopes (any-of)', () => {
  const clock = new Clock();
  const limits = { managementRateLimitPerMinute: 1000, unauthenticatedRateLimitPerMinute: 1000 };
  const guard = new ManagementAuthGuard(new Reflector(), clock, limits, new ManagementRateLimiter(() => clock.nowMs()));
  const verified = (guard as unknown as { verified: { set(k: string, v: unknown): void } }).verified;
  const withScopes = (scopes: string[]) =>
    verified.set('t1\u0000token', { tenantId: 't1', clientId: 'c', scopes: new Set(scopes), exp: clock.nowSeconds() + 60 });

  it.each([
    [['read:clients'], true],
    [['read:client_summary'], true],
    [['read:clients', 'update:clients'], true],
    [['update:clients'], false],
    [[], false],
  ])('token scopes %p on a read:clients|read:client_summary route → allowed=%p', async (scopes, allowed) => {
    withScopes(scopes);
    const run = guard.canActivate(contextFor('readClients', scopes));
    if (allowed) await expect(run).resolves.toBe(true);
    else {
      const err = await run.catch((e) => e);
      expect(err).toBeInstanceOf(Auth0Error);
      expect(err.toBody()).toEqual({
        statusCode: 403,
        error: 'Forbidden',
        message: 'Insufficient scope, expected any of: read:clients,read:client_summary',
        errorCode: 'insufficient_scope',
      });
    }
  });

  it('lets @Public() routes through without a token', async () => {
    await expect(guard.canActivate(contextFor('open', undefined))).resolves.toBe(true);
  });

  it('a route without @Scopes needs only a valid token', async () => {
    withScopes([]);
    await expect(guard.canActivate(contextFor('noScopes', []))).resolves.toBe(true);
  });

  it('a remembered token stops counting once the clock passes its exp', async () => {
    verified.set('t1\u0000token', { tenantId: 't1', clientId: 'c', scopes: new Set(['read:clients']), exp: clock.nowSeconds() - 1 });
    // Falls through to passport, which has no strategy registered in this unit test.
    await expect(guard.canActivate(contextFor('readClients', ['read:clients']))).rejects.toBeDefined();
  });
});
