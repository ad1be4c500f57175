import { ACL_SCOPES, MANAGEMENT_API_SCOPES, REGISTRATION_AUTH_METHODS, SECURITY_MODES, SYSTEM_API_UPDATABLE, TENANT_FLAGS } from '@gatehouse/policy';
import type { AccessReason, ClientPolicy, UserPolicy } from '@gatehouse/policy';
import { nullableProperties } from '@gatehouse/http';
import { getMetadataStorage } from 'class-validator';
import { LOG_EVENT_TYPES } from '@gatehouse/logs';
import { ACCEPTED_CLIENT_AUTH_METHODS, ACCEPTED_GRANT_TYPES } from '@gatehouse/authentication';
import {
  APP_TYPES,
  ASYNC_APPROVAL_CHANNELS,
  COMPLIANCE_LEVELS,
  JWT_ALGS,
  ORGANIZATION_DISCOVERY_METHODS,
  ORGANIZATION_REQUIRE_BEHAVIORS,
  ORGANIZATION_USAGES as CLIENT_ORGANIZATION_USAGES,
  REDIRECTION_POLICIES,
  TOKEN_ENDPOINT_AUTH_METHODS,
  CreateClientDto,
  UpdateClientDto,
} from '@gatehouse/clients';
import { DEFAULT_FOR, ORGANIZATION_USAGES, SUBJECT_TYPES } from '@gatehouse/client-grants';
import {
  CONSENT_POLICIES,
  POP_MECHANISMS,
  POP_REQUIRED_FOR,
  SIGNING_ALGS,
  TOKEN_DIALECTS,
  TOKEN_ENCRYPTION_ALGS,
  TOKEN_ENCRYPTION_FORMATS,
} from '@gatehouse/resource-servers';
import { DCR_LIMIT_PER_SECOND } from '@gatehouse/registration';
import { SUPPORTED_LOCALES } from '@gatehouse/tenant-settings';
import {
  CONTRACT_SUITES,
  ContractSuite,
  coverageDeclarations,
  deref,
  doc,
  documentedOperations,
  documentedStatuses,
  expectSchema,
  HTTP_METHODS,
  Json,
  NOT_PROVOKED,
  ownersOf,
  pointer,
  schemaRef,
  validatorFor,
} from './support/contract';

/** The document itself, and (statically) that the contract files between them cover all of it. */

describe('openapi.yaml', () => {
  it('is OpenAPI 3.1 with unique operation ids and resolvable $refs', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    const ids = documentedOperations().map((op) => {
      const [m, p] = op.split(' ');
      return doc.paths[p!][m!.toLowerCase()].operationId as string;
    });
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const unresolved: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      const ref = (node as Json).$ref;
      if (typeof ref === 'string') {
        try {
          pointer(ref);
        } catch {
          unresolved.push(ref);
        }
      }
      Object.values(node).forEach(walk);
    };
    walk(doc);
    expect(unresolved).toEqual([]);
  });

  it('every schema compiles under JSON Schema 2020-12 (strict)', () => {
    const schemas: Json[] = Object.values(doc.components.schemas);
    const visitResponse = (r: Json) => {
      const response = deref(r);
      for (const h of Object.values((response.headers ?? {}) as Json)) schemas.push(deref(h).schema);
      for (const media of Object.values((response.content ?? {}) as Json)) if (media.schema) schemas.push(media.schema);
    };
    for (const item of Object.values(doc.paths as Json)) {
      for (const p of item.parameters ?? []) schemas.push(deref(p).schema);
      for (const m of HTTP_METHODS) {
        const op = item[m];
        if (!op) continue;
        for (const r of Object.values((op.responses ?? {}) as Json)) visitResponse(r);
        if (op.requestBody) for (const media of Object.values(deref(op.requestBody).content as Json)) schemas.push(media.schema);
      }
    }
    for (const r of Object.values(doc['x-unmatched-route-responses'] as Json)) visitResponse(r);
    for (const s of schemas) expect(() => validatorFor(s)).not.toThrow();
    expect(schemas.length).toBeGreaterThan(10);
  });

  it('declares path parameters for every templated path', () => {
    for (const [template, item] of Object.entries(doc.paths as Json)) {
      const names = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const m of HTTP_METHODS.filter((x) => item[x])) {
        const params = [...(item.parameters ?? []), ...(item[m].parameters ?? [])].map(deref).filter((p) => p.in === 'path');
        expect({ [`${m} ${template}`]: params.map((p) => p.name).sort() }).toEqual({ [`${m} ${template}`]: [...names].sort() });
        expect(params.every((p) => p.required === true)).toBe(true);
      }
    }
  });

  it('the oauth2 scheme offers exactly the Management API scopes Gatehouse emulates', () => {
    const { bearerAuth, oAuth2ClientCredentials } = doc.components.securitySchemes;
    expect(bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(oAuth2ClientCredentials.flows.clientCredentials.tokenUrl).toBe('/oauth/token');
    expect(Object.keys(oAuth2ClientCredentials.flows.clientCredentials.scopes).sort()).toEqual([...MANAGEMENT_API_SCOPES].sort());
  });

  it("documented enums are the server's own tables", () => {
    const schemas = doc.components.schemas;
    const settings = schemas.ClientSettings.properties;
    expect(schemas.AppType.enum).toEqual(APP_TYPES);
    expect(schemas.TokenEndpointAuthMethod.enum).toEqual(TOKEN_ENDPOINT_AUTH_METHODS);
    expect(schemas.RedirectionPolicy.enum).toEqual(REDIRECTION_POLICIES);
    // Nullable client properties list `null` among their values (a PATCH with null clears them).
    expect(settings.compliance_level.enum).toEqual([...COMPLIANCE_LEVELS, null]);
    expect(settings.organization_usage.enum).toEqual([...CLIENT_ORGANIZATION_USAGES, null]);
    expect(settings.organization_require_behavior.enum).toEqual([...ORGANIZATION_REQUIRE_BEHAVIORS, null]);
    expect(settings.organization_discovery_methods.items.enum).toEqual(ORGANIZATION_DISCOVERY_METHODS);
    expect(settings.async_approval_notification_channels.items.enum).toEqual(ASYNC_APPROVAL_CHANNELS);
    expect(schemas.JwtConfiguration.properties.alg.enum).toEqual([...JWT_ALGS, null]);
    expect(schemas.ThirdPartySecurityMode.enum).toEqual(SECURITY_MODES);
    expect(schemas.LintMode.enum).toEqual([...SECURITY_MODES, 'first_party']);
    expect(Object.keys(schemas.TenantFlags.properties)).toEqual([...TENANT_FLAGS]);
    expect(schemas.TenantLocale.enum).toEqual([...SUPPORTED_LOCALES]);
    expect(schemas.ClientGrantSubjectType.enum).toEqual(SUBJECT_TYPES);
    expect(schemas.ClientGrantDefaultFor.enum).toEqual(DEFAULT_FOR);
    expect(schemas.OrganizationUsage.enum).toEqual(ORGANIZATION_USAGES);
    const apiSettings = schemas.ResourceServerSettings.properties;
    expect(apiSettings.signing_alg.enum).toEqual(SIGNING_ALGS);
    expect(apiSettings.token_dialect.enum).toEqual(TOKEN_DIALECTS);
    expect(apiSettings.consent_policy.enum).toEqual([...CONSENT_POLICIES, null]);
    expect(apiSettings.proof_of_possession.properties.mechanism.enum).toEqual(POP_MECHANISMS);
    expect(apiSettings.proof_of_possession.properties.required_for.enum).toEqual(POP_REQUIRED_FOR);
    expect(apiSettings.token_encryption.properties.format.enum).toEqual(TOKEN_ENCRYPTION_FORMATS);
    expect(apiSettings.token_encryption.properties.encryption_key.properties.alg.enum).toEqual(TOKEN_ENCRYPTION_ALGS);
    expect(schemas.NetworkAclScope.enum).toEqual([...ACL_SCOPES]);
    expect(schemas.LogEventType.enum).toEqual(Object.keys(LOG_EVENT_TYPES));
    // Discovery says what /oauth/token accepts, from the very lists the token service enforces.
    const discovery = schemas.AuthorizationServerMetadata.properties;
    expect(discovery.grant_types_supported.allOf[1].items.enum).toEqual(ACCEPTED_GRANT_TYPES);
    expect(discovery.token_endpoint_auth_methods_supported.allOf[1].items.enum).toEqual(ACCEPTED_CLIENT_AUTH_METHODS);
    expect(doc.components.headers.RegistrationRateLimitLimit.schema.const).toBe(DCR_LIMIT_PER_SECOND);
    // Registration answers with one of the methods it accepts (the service narrows to the contract's enum).
    expect(schemas.ClientRegistrationResponse.properties.token_endpoint_auth_method.enum).toEqual(REGISTRATION_AUTH_METHODS);
    // Union types have no runtime value: these records are exhaustive by type (tsc), and the schemas must match them.
    const reasons: Record<AccessReason, true> = {
      granted_by_client_grant: true,
      granted_by_default_permission: true,
      allowed_by_api_policy: true,
      api_policy_deny_all: true,
      system_api_third_party: true,
      no_client_grant: true,
      scopes_not_granted: true,
    };
    const userPolicies: Record<UserPolicy, true> = { allow_all: true, require_client_grant: true, deny_all: true };
    const clientPolicies: Record<ClientPolicy, true> = { require_client_grant: true, deny_all: true };
    expect([...schemas.AccessReason.enum].sort()).toEqual(Object.keys(reasons).sort());
    expect([...schemas.UserAccessPolicy.enum].sort()).toEqual(Object.keys(userPolicies).sort());
    expect([...schemas.ClientAccessPolicy.enum].sort()).toEqual(Object.keys(clientPolicies).sort());
  });

  it('the client request schemas name exactly the DTO properties, nullable exactly where the DTO is @Nullable', () => {
    for (const [schema, dto] of [
      ['CreateClientRequest', CreateClientDto],
      ['UpdateClientRequest', UpdateClientDto],
    ] as const) {
      const fromDto = [
        ...new Set(
          getMetadataStorage()
            .getTargetValidationMetadatas(dto, '', true, false)
            .map((m) => m.propertyName),
        ),
      ].sort();
      const documented = [
        ...new Set([...Object.keys(doc.components.schemas.ClientSettings.properties), ...Object.keys(doc.components.schemas[schema].properties)]),
      ].sort();
      expect({ schema, properties: documented }).toEqual({ schema, properties: fromDto });
      // `null` is valid for a property exactly when the pipe lets it through.
      const check = validatorFor(schemaRef(schema));
      const nullable = nullableProperties(dto);
      const base = schema === 'CreateClientRequest' ? { name: 'x' } : {};
      const wrong = fromDto.filter((p) => p !== 'name' && check({ ...base, [p]: null }) !== nullable.has(p));
      expect({ schema, nullabilityDiffers: wrong }).toEqual({ schema, nullabilityDiffers: [] });
    }
  });

  it('the client schemas’ examples match them', () => {
    for (const name of ['CreateClientRequest', 'UpdateClientRequest', 'Client']) {
      const examples: unknown[] = doc.components.schemas[name].examples ?? [];
      expect(examples.length).toBeGreaterThan(0);
      for (const example of examples) expectSchema(name, example);
    }
  });

  it('names the properties a system API accepts where the server reads them', () => {
    const texts = [doc.paths['/api/v2/resource-servers/{id}'].patch.description, doc.components.schemas.UpdateResourceServerRequest.description];
    for (const text of texts)
      for (const p of SYSTEM_API_UPDATABLE) expect({ text, mentions: p, found: String(text).includes(`\`${p}\``) }).toEqual({ text, mentions: p, found: true });
  });

  it('every /api/v2 and /ext/v1 operation needs a token and documents 401, 403 and 429 with rate-limit headers', () => {
    const guarded = documentedOperations().filter((o) => /^\/(api\/v2|ext\/v1)\//.test(o.split(' ')[1]!) && !isControlPlane(o));
    expect(guarded.length).toBeGreaterThan(10);
    for (const op of guarded) {
      const [m, p] = op.split(' ');
      const operation = doc.paths[p!][m!.toLowerCase()];
      expect({ op, security: operation.security ?? doc.security }).toEqual({ op, security: expect.arrayContaining([{ bearerAuth: [] }]) });
      for (const status of ['401', '403', '429']) {
        const headers = Object.keys(deref(operation.responses[status] ?? {}).headers ?? {});
        expect({ op, status, headers }).toEqual({
          op,
          status,
          headers: expect.arrayContaining(['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset']),
        });
      }
      expect(Object.keys(deref(operation.responses['429']).headers)).toContain('Retry-After');
    }
  });

  it('the control plane (and the clock) need the root credential, not a tenant token, and document 401 and 404', () => {
    const rooted = documentedOperations().filter(isControlPlane);
    expect(rooted.sort()).toEqual([...CONTRACT_SUITES['control-plane']].sort());
    for (const op of rooted) {
      const [m, p] = op.split(' ');
      const operation = doc.paths[p!][m!.toLowerCase()];
      expect({ op, security: operation.security }).toEqual({ op, security: [{ rootToken: [] }] });
      expect({ op, statuses: Object.keys(operation.responses) }).toEqual({ op, statuses: expect.arrayContaining(['401', '404']) });
    }
  });
});

/** An operation of the control plane: secured by the root credential (`rootToken`) alone. */
function isControlPlane(op: string): boolean {
  const [m, p] = op.split(' ');
  const security = doc.paths[p!][m!.toLowerCase()].security as Record<string, unknown>[] | undefined;
  return !!security?.some((s) => 'rootToken' in s);
}

// ---------------------------------------------------------------------------------------------------
// Real responses

describe('the contract files', () => {
  it('every documented operation is exercised by exactly one of them, and each one they name is documented', () => {
    const operations = documentedOperations();
    const named = Object.values(CONTRACT_SUITES).flat() as string[];
    expect(operations.filter((op) => named.filter((n) => n === op).length !== 1)).toEqual([]);
    expect(named.filter((op) => !operations.includes(op))).toEqual([]);
  });

  it('every documented status has exactly one file that must show it', () => {
    const unowned = documentedStatuses().filter((s) => {
      const [op, status] = s.split(' → ');
      return ownersOf(op!, status!).length !== 1;
    });
    expect(unowned).toEqual([]);
    // Every exception names a documented status.
    expect(NOT_PROVOKED.filter((s) => !documentedStatuses().includes(s))).toEqual([]);
  });

  it('each suite is checked by exactly one file, and each file checks one suite', () => {
    const declarations = coverageDeclarations();
    declarations.delete('openapi.e2e-spec.ts');
    for (const [file, suites] of declarations) expect({ file, suites: suites.length }).toEqual({ file, suites: 1 });
    const files = [...declarations].flatMap(([file, suites]) => suites.map((suite) => ({ suite, file })));
    for (const suite of Object.keys(CONTRACT_SUITES) as ContractSuite[]) {
      expect({ suite, files: files.filter((f) => f.suite === suite).map((f) => f.file) }).toEqual({ suite, files: [`${suite}.e2e-spec.ts`] });
    }
    expect(files.filter((f) => !(f.suite in CONTRACT_SUITES))).toEqual([]);
  });
});
