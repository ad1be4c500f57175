import { Inject, Injectable } from '@nestjs/common';
import { RulesRepository } from './rules.repository';

/** What the login flow needs of Rules: whether the tenant has an enabled one (strict clients' logins then fail, SPEC §8). */
@Injectable()
export class RulesReader {
  constructor(@Inject(RulesRepository) private readonly rules: RulesRepository) {}

  anyEnabled(tenantId: string): Promise<boolean> {
    return this.rules.anyEnabled(tenantId);
  }

  /** How many enabled Rules the tenant has (the refusal names the number). */
  enabledCount(tenantId: string): Promise<number> {
    return this.rules.enabledCount(tenantId);
  }
}
