import { Controller, Delete, Get, HttpCode, Inject, Param, Query } from '@nestjs/common';
import { ManagementPrincipal, Principal, Scopes } from '@gatehouse/management-auth';
import { DeleteUserGrantsQuery, ListUserGrantsQuery } from './user-grant.dto';
import { UserGrantList, UserGrantsService } from './user-grants.service';

@Controller('api/v2/grants')
export class UserGrantsController {
  constructor(@Inject(UserGrantsService) private readonly grants: UserGrantsService) {}

  @Get()
  @Scopes('read:grants')
  list(@Principal() caller: ManagementPrincipal, @Query() query: ListUserGrantsQuery): Promise<UserGrantList> {
    return this.grants.list(caller.tenantId, query);
  }

  @Delete()
  @HttpCode(204)
  @Scopes('delete:grants')
  async removeByUser(@Principal() caller: ManagementPrincipal, @Query() query: DeleteUserGrantsQuery): Promise<void> {
    await this.grants.removeByUser(caller.tenantId, query);
  }

  @Delete(':id')
  @HttpCode(204)
  @Scopes('delete:grants')
  async remove(@Principal() caller: ManagementPrincipal, @Param('id') id: string): Promise<void> {
    await this.grants.remove(caller.tenantId, id);
  }
}
