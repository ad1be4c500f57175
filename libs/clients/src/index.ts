export * from './clients.module';
export * from './clients.service';
export * from './clients.reader';
export { withDefaults } from './client-defaults';
export { CLIENT_DELETED } from './clients.repository';
export type { Client, ClientKind } from './client.model';
export {
  APP_TYPES,
  ASYNC_APPROVAL_CHANNELS,
  COMPLIANCE_LEVELS,
  CreateClientDto,
  JWT_ALGS,
  ORGANIZATION_DISCOVERY_METHODS,
  ORGANIZATION_REQUIRE_BEHAVIORS,
  ORGANIZATION_USAGES,
  REDIRECTION_POLICIES,
  TOKEN_ENDPOINT_AUTH_METHODS,
  UpdateClientDto,
} from './dto/client.dto';
