import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Auth0Error, ErrorCode, plainBody } from '@gatehouse/http';
import {
  DCR_FLAG,
  dcrMode,
  dcrModeRefusal,
  DEFAULT_TIMELINE,
  PERMISSIVE_BY_DEFAULT_FLAG,
  permissiveByDefaultEffective,
  permissiveByDefaultRefusal,
  SecurityMode,
  TENANT_FLAGS,
} from '@gatehouse/policy';
import { TenantSchema } from '@gatehouse/schemas';
import { Clock, EligibilityService, Tenant, TenantsService } from '@gatehouse/tenancy';

type Obj = Record<string, unknown>;

/** Auth0's defaults for what a new tenant reports. */
const DEFAULTS: Obj = {
  session_lifetime: 168,
  idle_session_lifetime: 72,
  sandbox_version: '18',
  enabled_locales: ['en'],
};

const MINUTES = [
  ['session_lifetime_in_minutes', 'session_lifetime'],
  ['idle_session_lifetime_in_minutes', 'idle_session_lifetime'],
  ['ephemeral_session_lifetime_in_minutes', 'ephemeral_session_lifetime'],
  ['idle_ephemeral_session_lifetime_in_minutes', 'idle_ephemeral_session_lifetime'],
] as const;

function bad(property: string, message: string): Auth0Error {
  return new Auth0Error(ErrorCode.InvalidBody, `Payload validation error: '${message}' on property ${property}.`);
}

@Injectable()
export class TenantSettingsService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(EligibilityService) private readonly eligibility: EligibilityService,
    @Inject(TenantsService) private readonly tenants: TenantsService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Stored settings with the seeds' derived values: the toggle and the DCR mode as they take effect. */
  async get(tenant: Tenant): Promise<Obj> {
    return this.present(await this.stored(tenant.id), await this.eligibility.isEligible(tenant.accountId));
  }

  private present(stored: Obj, eligible: boolean): Obj {
    const flags = (stored.flags as Obj | undefined) ?? {};
    return {
      ...DEFAULTS,
      ...stored,
      flags: {
        [DCR_FLAG]: false,
        ...flags,
        [PERMISSIVE_BY_DEFAULT_FLAG]: permissiveByDefaultEffective({
          eligible,
          stored: flags[PERMISSIVE_BY_DEFAULT_FLAG] as boolean | undefined,
          now: this.clock.now(),
          timeline: DEFAULT_TIMELINE,
        }),
      },
      dynamic_client_registration_security_mode: dcrMode({ setting: stored.dynamic_client_registration_security_mode as SecurityMode | undefined, eligible, now: this.clock.now() }),
    };
  }

  async update(tenant: Tenant, dto: object): Promise<Obj> {
    const patch = plainBody(dto);
    const eligible = await this.eligibility.isEligible(tenant.accountId);
    for (const [minutes, hours] of MINUTES) {
      if (patch[minutes] !== undefined) {
        patch[hours] = (patch[minutes] as number) / 60;
        delete patch[minutes];
      }
    }
    const dcrRefused =
      patch.dynamic_client_registration_security_mode !== undefined &&
      dcrModeRefusal(patch.dynamic_client_registration_security_mode as SecurityMode, eligible);
    if (dcrRefused) throw bad('dynamic_client_registration_security_mode', dcrRefused);
    const stored = await this.stored(tenant.id);
    let flags = stored.flags as Obj | undefined;
    if (patch.flags) {
      const incoming = patch.flags as Obj;
      for (const [k, v] of Object.entries(incoming)) {
        if (!(TENANT_FLAGS as readonly string[]).includes(k)) throw bad('flags', `Additional properties not allowed: ${k}`);
        if (typeof v !== 'boolean') throw bad(`flags.${k}`, 'Expected type boolean');
      }
      const toggleRefused = incoming[PERMISSIVE_BY_DEFAULT_FLAG] === true && permissiveByDefaultRefusal({ eligible, now: this.clock.now() });
      if (toggleRefused) throw bad(`flags.${PERMISSIVE_BY_DEFAULT_FLAG}`, toggleRefused);
      flags = { ...flags, ...incoming };
      delete patch.flags;
    }
    const next = { ...stored, ...patch, ...(flags ? { flags } : {}) };
    await this.ds.getRepository(TenantSchema).update({ id: tenant.id }, { settings: next } as never);
    this.tenants.forget();
    return this.present(next, eligible);
  }

  private async stored(tenantId: string): Promise<Obj> {
    return ((await this.ds.getRepository(TenantSchema).findOneBy({ id: tenantId }))?.settings as Obj | undefined) ?? {};
  }
}
