import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ManagementPrincipal, Principal, Scopes } from '@gatehouse/management-auth';
import { CreateUserDto, GetUserQuery, ListUsersQuery, UpdateUserDto } from './user.dto';
import type { UserBody } from './user.mapper';
import { UserList, UsersService } from './users.service';

@Controller('api/v2/users')
export class UsersController {
  constructor(@Inject(UsersService) private readonly users: UsersService) {}

  @Get()
  @Scopes('read:users')
  list(@Principal() caller: ManagementPrincipal, @Query() query: ListUsersQuery): Promise<UserList> {
    return this.users.list(caller.tenantId, query);
  }

  @Post()
  @Scopes('create:users')
  create(@Principal() caller: ManagementPrincipal, @Body() body: CreateUserDto): Promise<UserBody> {
    return this.users.create(caller.tenantId, body);
  }

  @Get(':id')
  @Scopes('read:users')
  get(@Principal() caller: ManagementPrincipal, @Param('id') id: string, @Query() query: GetUserQuery): Promise<Partial<UserBody>> {
    return this.users.get(caller.tenantId, id, query);
  }

  @Patch(':id')
  @Scopes('update:users')
  update(@Principal() caller: ManagementPrincipal, @Param('id') id: string, @Body() body: UpdateUserDto): Promise<UserBody> {
    return this.users.update(caller.tenantId, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Scopes('delete:users')
  async remove(@Principal() caller: ManagementPrincipal, @Param('id') id: string): Promise<void> {
    await this.users.remove(caller.tenantId, id);
  }
}
