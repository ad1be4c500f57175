export * from './clock';
export * from './current-tenant';
export * from './signing-keys.service';
export * from './tenancy.module';
export * from './tenant';
export * from './tenants.service';
export * from './eligibility.service';
export * from './signing-cert';
