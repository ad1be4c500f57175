import { Body, Controller, Get, Header, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { contentSecurityPolicy, formPostContentSecurityPolicy, STYLESHEET, STYLESHEET_PATH } from '@gatehouse/authorization';
import { requestFacts } from '@gatehouse/logs';
import { Public } from '@gatehouse/management-auth';
import type { AuthorizeParams } from '@gatehouse/policy';
import { CurrentTenant, Tenant } from '@gatehouse/tenancy';
import { AuthorizeService, CONSENT_PATH, FlowForm, FlowResult, LOGIN_PATH } from './authorize.service';

/**
 * GET /authorize and the pages that follow it (issue 11 §1, §2). Every answer is HTML or a redirect,
 * never cached, never framed, never leaking the URL in a Referer. A form_post response page gets its own
 * policy: its one script by hash, its form only towards the redirect URI's origin.
 */
@Controller()
@Public()
export class AuthorizeController {
  constructor(@Inject(AuthorizeService) private readonly flow: AuthorizeService) {}

  @Get('authorize')
  async authorize(@CurrentTenant() tenant: Tenant, @Query() query: AuthorizeParams, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    send(reply, tenant, await this.flow.authorize(tenant, query ?? {}, req.cookies ?? {}, requestFacts(req)));
  }

  @Post(LOGIN_PATH.slice(1))
  async login(@CurrentTenant() tenant: Tenant, @Body() body: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    send(reply, tenant, await this.flow.login(tenant, formOf(body), req.cookies ?? {}, requestFacts(req)));
  }

  @Post(CONSENT_PATH.slice(1))
  async consent(@CurrentTenant() tenant: Tenant, @Body() body: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    send(reply, tenant, await this.flow.consent(tenant, formOf(body), req.cookies ?? {}));
  }

  @Get(STYLESHEET_PATH.slice(1))
  @Header('content-type', 'text/css; charset=utf-8')
  @Header('cache-control', 'public, max-age=86400')
  stylesheet(): string {
    return STYLESHEET;
  }
}

function formOf(body: unknown): FlowForm {
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as FlowForm) : {};
}

function send(reply: FastifyReply, tenant: Tenant, result: FlowResult): void {
  const secure = tenant.issuer.startsWith('https:');
  for (const c of result.cookies) {
    reply.setCookie(c.name, c.value, { path: c.path, httpOnly: true, sameSite: 'lax', secure, maxAge: c.maxAge });
  }
  reply.header('cache-control', 'no-store').header('pragma', 'no-cache').header('referrer-policy', 'no-referrer');
  if (result.kind === 'redirect') {
    reply.status(302).header('location', result.location).send();
    return;
  }
  reply
    .status(result.status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', result.formPostTo ? formPostContentSecurityPolicy(result.formPostTo) : contentSecurityPolicy(result.redirectOrigin))
    .header('x-frame-options', 'DENY')
    .header('x-content-type-options', 'nosniff')
    .send(result.html);
}
