// Three tiers: colocated unit specs, e2e suites (SQLite by default, PostgreSQL when
// GATEHOUSE_TEST_DATABASE=postgres), and the contract test that checks responses against openapi.yaml.
// ts-jest only transpiles (isolatedModules): `npm test` type-checks with tsc first.
const tsJest = ['ts-jest', { tsconfig: { isolatedModules: true, allowJs: true, module: 'commonjs', esModuleInterop: true } }];
const transform = { '^.+\\.(ts|js|mjs)$': tsJest };
// jose, openid-client and oauth4webapi are ESM-only: compiled to CommonJS for jest like our own sources.
const transformIgnorePatterns = ['/node_modules/(?!(jose|openid-client|oauth4webapi)/)'];
const moduleNameMapper = {
  '^@gatehouse/schemas$': '<rootDir>/prisma-free-schemas/index.ts',
  '^@gatehouse/app$': '<rootDir>/apps/gatehouse/src/app.module.ts',
  '^@gatehouse/(.*)$': '<rootDir>/libs/$1/src/index.ts',
};
const common = { transform, transformIgnorePatterns, moduleNameMapper, testEnvironment: 'node', rootDir: __dirname };
module.exports = {
  testTimeout: 30000,
  testSequencer: '<rootDir>/test/slow-first-sequencer.js',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts', '<rootDir>/test/contract/**/*.e2e-spec.ts', '<rootDir>/test/replay/**/*.e2e-spec.ts'],
    },
    // Real Auth0-shaped software (auth0 SDK, auth0-deploy-cli) against a listening Gatehouse: slower.
    { ...common, displayName: 'real-clients', testMatch: ['<rootDir>/test/real-clients/**/*.e2e-spec.ts'] },
    // The reliability battery (issue 12 §8): kill -9, hostile input, forged tokens, secrets in logs, database
    // outage; bounded in count and time, loopback only; on SQLite and PostgreSQL.
    { ...common, displayName: 'reliability', testMatch: ['<rootDir>/test/reliability/**/*.reliability-spec.ts'] },
  ],
};
