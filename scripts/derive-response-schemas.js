#!/usr/bin/env node
// Derives test/fixtures/auth0-response-schemas.json from Auth0's published Management API OpenAPI
// (../shared/reference/auth0-management-oas-subset.json): the 2xx response schema of each route Gatehouse
// emulates, as JSON Schema 2020-12 (the dialect of OpenAPI 3.1), with the component schemas they reach
// under `$defs`. Only wire facts are kept (types, property names, required, additionalProperties, enums,
// formats, patterns, lengths and limits, oneOf); descriptions, defaults and release tags are dropped.
// Read by test/e2e/auth0-oas-responses.e2e-spec.ts.
// Usage: node scripts/derive-response-schemas.js [path to the OAS]
const fs = require('fs');
const path = require('path');

const source = process.argv[2] ?? path.join(__dirname, '../../shared/reference/auth0-management-oas-subset.json');
const oas = JSON.parse(fs.readFileSync(source, 'utf8'));
const schemas = oas.components.schemas;
const ROUTES = [
  ['GET', '/clients'],
  ['POST', '/clients'],
  ['GET', '/clients/{id}'],
  ['PATCH', '/clients/{id}'],
  ['POST', '/clients/{id}/rotate-secret'],
  ['GET', '/resource-servers'],
  ['POST', '/resource-servers'],
  ['GET', '/resource-servers/{id}'],
  ['PATCH', '/resource-servers/{id}'],
  ['GET', '/client-grants'],
  ['POST', '/client-grants'],
  ['GET', '/client-grants/{id}'],
  ['PATCH', '/client-grants/{id}'],
  ['GET', '/tenants/settings'],
  ['PATCH', '/tenants/settings'],
];

/** Keywords that state a fact about the wire; everything else (description, default, x-*) is dropped. */
const FACTS = new Set([
  'type',
  'enum',
  'const',
  'required',
  'additionalProperties',
  'format',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
  'oneOf',
  'anyOf',
  'allOf',
]);

const defs = {};
const COMPONENT = '#/components/schemas/';

/** A schema reduced to its facts; `$ref`s to components are kept (as `#/$defs/…`) and their targets collected. */
function reduce(schema) {
  if (Array.isArray(schema)) return schema.map(reduce);
  if (!schema || typeof schema !== 'object') return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref') {
      if (!value.startsWith(COMPONENT)) throw new Error(`unexpected $ref ${value}`);
      const name = value.slice(COMPONENT.length);
      if (!(name in defs)) {
        defs[name] = null; // placeholder: breaks cycles
        defs[name] = reduce(schemas[name]);
      }
      out.$ref = `#/$defs/${name}`;
    } else if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reduce(v)]));
    } else if (key === 'items' || (key === 'additionalProperties' && typeof value === 'object')) {
      out[key] = reduce(value);
    } else if (FACTS.has(key)) {
      out[key] = key === 'oneOf' || key === 'anyOf' || key === 'allOf' ? value.map(reduce) : value;
    }
  }
  return out;
}

const routes = {};
for (const [method, route] of ROUTES) {
  const op = oas.paths[route]?.[method.toLowerCase()];
  if (!op) throw new Error(`${method} ${route} is not in the OAS`);
  const [status, response] = Object.entries(op.responses).find(([s]) => /^2\d\d$/.test(s)) ?? [];
  const schema = response?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`${method} ${route} has no 2xx JSON response`);
  routes[`${method} ${route}`] = { status: Number(status), schema: reduce(schema) };
}

const result = {
  $comment: "Derived by scripts/derive-response-schemas.js from Auth0's Management API OpenAPI (JSON Schema 2020-12): facts only.",
  routes,
  $defs: Object.fromEntries(Object.entries(defs).sort(([a], [b]) => a.localeCompare(b))),
};
const target = path.join(__dirname, '../test/fixtures/auth0-response-schemas.json');
fs.writeFileSync(target, JSON.stringify(result, null, 1) + '\n');
console.log(`wrote ${target}: ${Object.keys(routes).length} routes, ${Object.keys(defs).length} component schemas`);
