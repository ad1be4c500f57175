// Three tiers: colocated unit specs, e2e suites (SQLite by default, PostgreSQL when
// GATEHOUSE_TEST_DATABASE=postgres), and the contract test that checks responses against openapi.yaml.
const fs = require('fs');
const path = require('path');
const swc = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
const transform = { '^.+\\.(ts|js|mjs)$': ['@swc/jest', { ...swc, swcrc: false }] };
// jose (and other ESM-only packages) are compiled to CommonJS for jest like our own sources.
const transformIgnorePatterns = ['/node_modules/(?!(jose)/)'];
const moduleNameMapper = {
  '^@gatehouse/schemas$': '<rootDir>/prisma-free-schemas/index.ts',
  '^@gatehouse/app$': '<rootDir>/apps/gatehouse/src/app.module.ts',
  '^@gatehouse/(.*)$': '<rootDir>/libs/$1/src/index.ts',
};
const common = { transform, transformIgnorePatterns, moduleNameMapper, testEnvironment: 'node', rootDir: __dirname };
module.exports = {
  testTimeout: 30000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
