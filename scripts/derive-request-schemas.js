#!/usr/bin/env node
// Derives test/fixtures/auth0-request-schemas.json from Auth0's published Management API OpenAPI
// (../shared/reference/auth0-management-oas-subset.json): for the request body of each route Gatehouse
// emulates, each top-level property's facts (type, enum, pattern, length and number limits, URL format,
// item facts). Descriptions are dropped: only wire facts are kept, for test/e2e/schema-refusals.
// Usage: node scripts/derive-request-schemas.js [path to the OAS]
const fs = require('fs');
const path = require('path');

const source = process.argv[2] ?? path.join(__dirname, '../../shared/reference/auth0-management-oas-subset.json');
const oas = JSON.parse(fs.readFileSync(source, 'utf8'));
const schemas = oas.components.schemas;
const ROUTES = [
  ['POST', '/clients'],
  ['PATCH', '/clients/{id}'],
  ['POST', '/resource-servers'],
  ['PATCH', '/resource-servers/{id}'],
  ['POST', '/client-grants'],
  ['PATCH', '/client-grants/{id}'],
  ['PATCH', '/tenants/settings'],
];

const resolve = (s) => {
  while (s && s.$ref) s = schemas[s.$ref.split('/').pop()];
  return s ?? {};
};

function facts(raw) {
  const s = resolve(raw);
  const types = [].concat(s.type ?? (s.properties ? 'object' : [])).filter((t) => t !== 'null');
  const out = { type: types[0] ?? null };
  for (const k of ['pattern', 'maxLength', 'minLength', 'minimum', 'maximum', 'format', 'maxItems']) if (s[k] !== undefined) out[k] = s[k];
  if (s.enum) out.enum = s.enum.filter((e) => e !== null);
  if (s.items) {
    const i = resolve(s.items);
    out.items = {};
    for (const k of ['type', 'format', 'maxLength', 'minLength', 'pattern']) if (i[k] !== undefined) out.items[k] = i[k];
    if (i.enum) out.items.enum = i.enum.filter((e) => e !== null);
  }
  return out;
}

const result = {};
for (const [method, route] of ROUTES) {
  const op = oas.paths[route][method.toLowerCase()];
  const body = resolve(op.requestBody.content['application/json'].schema);
  result[`${method} ${route}`] = {
    required: body.required ?? [],
    properties: Object.fromEntries(Object.entries(body.properties).map(([k, v]) => [k, facts(v)])),
  };
}
const target = path.join(__dirname, '../test/fixtures/auth0-request-schemas.json');
fs.writeFileSync(target, JSON.stringify(result, null, 1) + '\n');
console.log(`wrote ${target}: ${Object.keys(result).length} routes`);
