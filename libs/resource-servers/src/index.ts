export * from './resource-servers.module';
export * from './resource-servers.service';
export * from './resource-servers.reader';
export { RESOURCE_SERVER_DELETED, RESOURCE_SERVER_IDENTIFIER_MOVED } from './resource-servers.repository';
export * from './resource-server.mapper';
export * from './resource-server.model';
export {
  CONSENT_POLICIES,
  CreateResourceServerDto,
  POP_MECHANISMS,
  POP_REQUIRED_FOR,
  SIGNING_ALGS,
  TOKEN_DIALECTS,
  TOKEN_ENCRYPTION_ALGS,
  TOKEN_ENCRYPTION_FORMATS,
} from './resource-server.dto';
