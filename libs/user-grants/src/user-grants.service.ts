import { Inject, Injectable } from '@nestjs/common';
import { badQuery, offsetResponse, parsePagination, QueryValue } from '@gatehouse/http';
import { DeleteUserGrantsQuery, ListUserGrantsQuery } from './user-grant.dto';
import { toUserGrantResponse, UserGrantBody } from './user-grant.mapper';
import { UserGrantsRepository } from './user-grants.repository';

export type UserGrantList = UserGrantBody[] | Record<string, unknown>;

/** A filter given at most once; empty means no filter. */
function once(v: QueryValue | undefined, k: string): string | undefined {
  if (v !== undefined && typeof v !== 'string') badQuery(`'${k}' must be given once.`);
  return v || undefined;
}

@Injectable()
export class UserGrantsService {
  constructor(@Inject(UserGrantsRepository) private readonly grants: UserGrantsRepository) {}

  async list(tenantId: string, query: ListUserGrantsQuery): Promise<UserGrantList> {
    const page = parsePagination({ ...query });
    if (page.kind !== 'offset') throw new Error('unreachable: grants have offset pagination only');
    const filters = { userId: once(query.user_id, 'user_id'), clientId: once(query.client_id, 'client_id'), audience: once(query.audience, 'audience') };
    const { grants, total } = await this.grants.list(tenantId, filters, page);
    return offsetResponse('grants', page, grants.map(toUserGrantResponse), total);
  }

  /** As in Auth0, deleting is idempotent: an unknown id is answered like a deleted one. */
  async remove(tenantId: string, id: string): Promise<void> {
    await this.grants.delete(tenantId, id);
  }

  async removeByUser(tenantId: string, query: DeleteUserGrantsQuery): Promise<void> {
    const userId = once(query.user_id, 'user_id');
    if (userId === undefined) badQuery(`'Missing required property: user_id'.`);
    await this.grants.deleteByUser(tenantId, userId);
  }
}
