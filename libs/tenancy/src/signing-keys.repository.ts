import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SigningKeyRow, SigningKeySchema } from '@gatehouse/schemas';

/** A tenant's signing keys: the only reader and writer of their table. */
@Injectable()
export class SigningKeysRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** Oldest first. */
  list(tenantId: string): Promise<SigningKeyRow[]> {
    return this.ds.getRepository(SigningKeySchema).find({ where: { tenant_id: tenantId }, order: { created_at: 'ASC' } });
  }

  async insert(row: SigningKeyRow, em: EntityManager): Promise<void> {
    await em.getRepository(SigningKeySchema).insert(row);
  }
}
