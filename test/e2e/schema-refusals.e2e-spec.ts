import { readFileSync } from 'fs';
import { join } from 'path';
import { useTestApp } from '@gatehouse/testing';

/**
 * Refusals derived from Auth0's request schemas (issue 9 §4): for every top-level property of every
 * emulated write route, a value that breaks its type, enum, pattern, length, number limits or URL
 * format must get a 400 `invalid_body` naming the property. The facts come from
 * test/fixtures/auth0-request-schemas.json (scripts/derive-request-schemas.js, from Auth0's OAS).
 */
interface Facts {
  type: string | null;
  enum?: unknown[];
  pattern?: string;
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  format?: string;
  items?: { type?: string; enum?: unknown[]; format?: string; maxLength?: number };
}
type Route = { required: string[]; properties: Record<string, Facts> };

const SCHEMAS = JSON.parse(readFileSync(join(__dirname, '../fixtures/auth0-request-schemas.json'), 'utf8')) as Record<string, Route>;
const URL_FORMATS = new Set([
  'url',
  'url-or-null',
  'callback-url',
  'url-with-placeholders',
  'absolute-uri-or-empty',
  'absolute-https-uri-or-empty',
  'absolute-https-uri-with-placeholders-or-empty',
]);
const WRONG_TYPE: Record<string, unknown> = {
  string: 12345,
  integer: 'twelve',
  number: 'twelve',
  boolean: 'yes',
  array: 'not-an-array',
  object: 'not-an-object',
};

/** Bad values for one property, each with what it breaks. */
function refusalCases(name: string, f: Facts): { breaks: string; value: unknown }[] {
  const out: { breaks: string; value: unknown }[] = [];
  if (f.type && WRONG_TYPE[f.type] !== undefined) out.push({ breaks: `type ${f.type}`, value: WRONG_TYPE[f.type] });
  if (f.enum?.length) out.push({ breaks: 'enum', value: '__not_in_enum__' });
  if (f.pattern === '^[^<>]+$') out.push({ breaks: 'pattern', value: 'a <b> c' });
  if (f.type === 'string' && f.maxLength !== undefined) out.push({ breaks: `maxLength ${f.maxLength}`, value: 'x'.repeat(f.maxLength + 1) });
  if (f.type === 'string' && (f.minLength ?? 0) >= 1) out.push({ breaks: `minLength ${f.minLength}`, value: '' });
  if (f.type === 'integer' || f.type === 'number') {
    if (f.minimum !== undefined) out.push({ breaks: `minimum ${f.minimum}`, value: f.minimum - 1 });
    if (f.maximum !== undefined) out.push({ breaks: `maximum ${f.maximum}`, value: f.maximum + 1 });
  }
  if (f.type === 'string' && f.format && URL_FORMATS.has(f.format)) out.push({ breaks: `format ${f.format}`, value: 'not a url' });
  if (f.type === 'string' && f.format === 'email-or-empty') out.push({ breaks: 'format email-or-empty', value: 'not-an-email' });
  if (f.type === 'array' && f.items) {
    if (f.items.enum?.length) out.push({ breaks: 'items.enum', value: ['__not_in_enum__'] });
    else if (f.items.type === 'string') out.push({ breaks: 'items.type string', value: [12345] });
    if (f.items.format && URL_FORMATS.has(f.items.format)) out.push({ breaks: `items.format ${f.items.format}`, value: ['not a url'] });
  }
  return out.map((c) => ({ ...c, breaks: `${name}: ${c.breaks}` }));
}

describe('refusals derived from Auth0 request schemas', () => {
  const app = useTestApp();
  const { t } = app;
  const target: Record<string, string> = {};

  const send = (method: string, url: string, payload: unknown) =>
    t.inject({ method: method as 'POST', url, headers: { authorization: `Bearer ${app.token}` }, payload: payload as object });

  beforeAll(async () => {
    const client = await send('POST', '/api/v2/clients', { name: 'schema target' });
    const api = await send('POST', '/api/v2/resource-servers', { name: 'schema api', identifier: 'https://schema.example/api' });
    const grant = await send('POST', '/api/v2/client-grants', { client_id: client.json().client_id, audience: 'https://schema.example/api', scope: [] });
    target['{id}:/clients'] = client.json().client_id;
    target['{id}:/resource-servers'] = api.json().id;
    target['{id}:/client-grants'] = grant.json().id;
  });

  /** The smallest valid body of a route, to which the bad property is added. */
  function baseBody(route: string): Record<string, unknown> {
    switch (route) {
      case 'POST /clients':
        return { name: 'refused client' };
      case 'POST /resource-servers':
        return { name: 'refused api', identifier: `https://refused.example/${Math.random().toString(36).slice(2)}` };
      case 'POST /client-grants':
        return { client_id: target['{id}:/clients'], audience: 'https://schema.example/api', scope: [] };
      default:
        return {};
    }
  }

  const cases = Object.entries(SCHEMAS).flatMap(([route, schema]) =>
    Object.entries(schema.properties).flatMap(([name, facts]) => refusalCases(name, facts).map((c) => ({ route, name, ...c }))),
  );

  it('derives a refusal case for most properties', () => {
    expect(cases.length).toBeGreaterThan(300);
  });

  it.each(cases.map((c) => [`${c.route} ${c.breaks}`, c] as const))('%s → 400 naming the property', async (_label, c) => {
    const [method, path] = c.route.split(' ') as [string, string];
    const base = path.split('/')[1]!;
    const url = `/api/v2${path.replace('{id}', target[`{id}:/${base}`] ?? '')}`;
    const res = await send(method, url, { ...baseBody(c.route), [c.name]: c.value });
    expect({ status: res.statusCode, errorCode: res.json().errorCode }).toEqual({ status: 400, errorCode: 'invalid_body' });
    expect(res.json().message).toContain(c.name);
    // Refused for its value, not as an unknown property: every property of Auth0's schema is known.
    expect(res.json().message).not.toContain('Additional properties not allowed');
  });
});
