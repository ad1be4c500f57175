import { Body, CanActivate, Controller, Delete, ExecutionContext, Get, HttpCode, Inject, Injectable, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { GATEHOUSE_CONFIG, GatehouseConfig } from '@gatehouse/config';
import { Auth0Error, boolParam, DEFAULT_PER_PAGE, ErrorCode, intParam, MAX_PER_PAGE, OffsetPage, offsetResponse } from '@gatehouse/http';
import { Public } from '@gatehouse/management-auth';
import { Clock } from '@gatehouse/tenancy';
import { CreateAccountDto, CreateTenantDto, ListAccountsQuery, ListTenantsQuery, SetClockDto } from './control-plane.dto';
import { AccountBody, ControlPlaneService, TenantBody } from './control-plane.service';
import { RootCredentialGuard } from './root-credential.guard';

function offsetPage(q: ListAccountsQuery): OffsetPage {
  const query = { ...q } as Record<string, unknown>;
  return {
    kind: 'offset',
    page: intParam(query, 'page', 0, 1_000_000) ?? 0,
    perPage: intParam(query, 'per_page', 1, MAX_PER_PAGE) ?? DEFAULT_PER_PAGE,
    includeTotals: boolParam(query, 'include_totals') ?? false,
  };
}
const window = (p: OffsetPage) => ({ skip: p.page * p.perPage, take: p.perPage });

/** /ext/v1/accounts — Auth0's "customers": each owns tenants; permissive-mode eligibility is theirs (SPEC §2, §9). */
@Controller('ext/v1/accounts')
@Public()
@UseGuards(RootCredentialGuard)
export class AccountsController {
  constructor(@Inject(ControlPlaneService) private readonly plane: ControlPlaneService) {}

  @Post()
  create(@Body() dto: CreateAccountDto): Promise<AccountBody> {
    return this.plane.createAccount(dto);
  }

  @Get()
  async list(@Query() q: ListAccountsQuery): Promise<AccountBody[] | Record<string, unknown>> {
    const page = offsetPage(q);
    const { rows, total } = await this.plane.listAccounts(window(page));
    return offsetResponse('accounts', page, rows, total);
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<AccountBody> {
    return this.plane.getAccount(id);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string): Promise<void> {
    await this.plane.deleteAccount(id);
  }
}

/** /ext/v1/tenants — a tenant of an account, answering on its domain (Host) at once (SPEC §2, §9). */
@Controller('ext/v1/tenants')
@Public()
@UseGuards(RootCredentialGuard)
export class TenantsController {
  constructor(@Inject(ControlPlaneService) private readonly plane: ControlPlaneService) {}

  @Post()
  create(@Body() dto: CreateTenantDto): Promise<TenantBody> {
    return this.plane.createTenant(dto);
  }

  @Get()
  async list(@Query() q: ListTenantsQuery): Promise<TenantBody[] | Record<string, unknown>> {
    const page = offsetPage(q);
    const { rows, total } = await this.plane.listTenants(q.account_id || undefined, window(page));
    return offsetResponse('tenants', page, rows, total);
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<TenantBody> {
    return this.plane.getTenant(id);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string): Promise<void> {
    await this.plane.deleteTenant(id);
  }
}

/** Off (GATEHOUSE_CLOCK_API unset or off), the clock API does not exist: 404 before any credential is looked at. */
@Injectable()
export class ClockApiGuard implements CanActivate {
  constructor(@Inject(GATEHOUSE_CONFIG) private readonly config: Pick<GatehouseConfig, 'clockApi'>) {}

  canActivate(ctx: ExecutionContext): boolean {
    if (this.config.clockApi) return true;
    ctx.switchToHttp().getRequest<FastifyRequest>().tenantLogged = true;
    throw new Auth0Error(ErrorCode.NotFound, 'Not Found');
  }
}

export interface ClockBody {
  now: string;
}

/**
 * GET/PUT /ext/v1/clock — the one clock of the installation (SPEC §1, §9), off unless GATEHOUSE_CLOCK_API=on.
 * Every time-dependent rule reads it on every request, so the flip, the migration toggle and eligibility
 * follow a move at once, for every tenant.
 */
@Controller('ext/v1/clock')
@Public()
@UseGuards(ClockApiGuard, RootCredentialGuard)
export class ClockController {
  constructor(@Inject(Clock) private readonly clock: Clock) {}

  @Get()
  get(): ClockBody {
    return { now: this.clock.now().toISOString() };
  }

  @Put()
  set(@Body() dto: SetClockDto): ClockBody {
    const instant = new Date(dto.now);
    if (Number.isNaN(instant.getTime()))
      throw new Auth0Error(ErrorCode.InvalidBody, `Payload validation error: 'must be an ISO-8601 instant' on property now.`);
    this.clock.set(instant);
    return { now: this.clock.now().toISOString() };
  }
}
