import { plainBody, refuseNulls, withoutNulls } from '@gatehouse/http';
import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import type { LintResultBody } from '@gatehouse/contract';
import { Type } from 'class-transformer';
import { IsIn, IsObject, ValidateNested } from 'class-validator';
import { Scopes } from '@gatehouse/management-auth';
import { SECURITY_MODES, SecurityMode } from '@gatehouse/policy';
import { CreateClientDto } from './dto/client.dto';
import { ClientsService } from './clients.service';

export class LintClientDto {
  @IsIn([...SECURITY_MODES, 'first_party']) mode!: SecurityMode | 'first_party';
  @IsObject() @ValidateNested() @Type(() => CreateClientDto) client!: CreateClientDto;
}

/**
 * POST /ext/v1/lint/client — what POST /api/v2/clients would refuse for a payload in a chosen mode,
 * computed by the same code the create path runs (SPEC §9).
 */
@Controller('ext/v1/lint')
export class LintController {
  constructor(@Inject(ClientsService) private readonly clients: ClientsService) {}

  @Post('client')
  @HttpCode(200)
  @Scopes('create:clients')
  lint(@Body() body: LintClientDto): LintResultBody {
    // The client payload is judged as POST /api/v2/clients would judge it: a null Auth0 refuses is a
    // 400 naming it, any other null means "not set".
    const client = plainBody(body.client);
    refuseNulls(client, CreateClientDto, 'client.');
    const payload = withoutNulls(client);
    const mode = body.mode === 'first_party' ? null : body.mode;
    const violations = this.clients.createViolations(payload, mode);
    return { mode: body.mode, valid: violations.length === 0, violations };
  }
}
