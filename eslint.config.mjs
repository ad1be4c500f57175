// Lint holds the shape of the house (../docs/decisions.md, "Lint holds the shape"): typescript-eslint's
// recommended rules (syntactic, not type-aware: it stays fast on two cores), and the layering of
// STYLE.md as rules, so a reviewer need not check it: a lib is imported only through its index.ts,
// libs/policy imports no framework and no I/O, the import graph has no cycles, and arrows run one way.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import boundaries from 'eslint-plugin-boundaries';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

// The layers, bottom first. Each may import the layers before it (and, for aggregates, other
// aggregates: the no-cycle rule keeps that a DAG).
const elements = [
  { type: 'policy', pattern: 'libs/policy' },
  { type: 'base', pattern: ['libs/config', 'libs/http', 'libs/contract'] },
  { type: 'schemas', pattern: 'prisma-free-schemas' },
  { type: 'persistence', pattern: 'libs/persistence' },
  { type: 'tenancy', pattern: 'libs/tenancy' },
  { type: 'management-auth', pattern: 'libs/management-auth' },
  {
    type: 'aggregate',
    pattern: [
      'libs/clients',
      'libs/client-grants',
      'libs/resource-servers',
      'libs/tenant-settings',
      'libs/network-acls',
      'libs/logs',
      'libs/authorization',
      'libs/connections',
      'libs/users',
      'libs/user-grants',
      'libs/rules',
      'libs/control-plane',
    ],
  },
  { type: 'flow', pattern: ['libs/authentication', 'libs/registration'] },
  { type: 'app', pattern: 'apps/gatehouse' },
  { type: 'testing', pattern: 'libs/testing' },
  { type: 'test', pattern: 'test' },
  { type: 'bench', pattern: 'bench' },
];
const below = (...types) => ({ to: { element: { types: { anyOf: types } } } });
const LIBS = ['policy', 'base', 'persistence', 'tenancy', 'management-auth', 'aggregate', 'flow', 'testing'];

// Modules that are a framework or do I/O: libs/policy is pure rules and imports none of them.
const IMPURE = [
  '@nestjs/*',
  'typeorm',
  'pg',
  'sqlite3',
  'fastify',
  '@fastify/*',
  'find-my-way',
  'passport',
  'passport-jwt',
  'class-validator',
  'class-transformer',
  'rxjs',
  'reflect-metadata',
  'pino',
  'rate-limiter-flexible',
  'jose',
  'node-forge',
  'fs',
  'fs/*',
  'net',
  'http',
  'https',
  'http2',
  'dns',
  'tls',
  'dgram',
  'child_process',
  'cluster',
  'worker_threads',
  'os',
  'node:*',
  '@gatehouse/*',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.ci-out/**', 'data/**'] },

  js.configs.recommended,
  ...tseslint.configs.recommended,

  {
    files: ['**/*.ts'],
    rules: {
      // Guards, strategies and Nest's DI hand us `any` at the framework edge; tsc's strict mode already
      // types the rest, and `any` here is a review question, not a lint failure.
      '@typescript-eslint/no-explicit-any': 'off',
      // `_`-prefixed names are the codebase's way of saying "unused on purpose" (destructuring out a field).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },

  // The layering: elements, their allowed arrows, their entry points, and no cycles.
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts', 'prisma-free-schemas/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    plugins: { boundaries, 'import-x': importX },
    settings: {
      'boundaries/elements': elements,
      'boundaries/include': ['apps/**', 'libs/**', 'prisma-free-schemas/**', 'test/**', 'bench/**'],
      'import/resolver': { typescript: { project: './tsconfig.json' } },
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: [
            { from: { element: { type: 'base' } }, allow: below('policy') },
            { from: { element: { type: 'persistence' } }, allow: below('policy', 'base', 'schemas') },
            { from: { element: { type: 'tenancy' } }, allow: below('policy', 'base', 'schemas', 'persistence') },
            { from: { element: { type: 'management-auth' } }, allow: below('policy', 'base', 'schemas', 'persistence', 'tenancy') },
            { from: { element: { type: 'aggregate' } }, allow: below('policy', 'base', 'schemas', 'persistence', 'tenancy', 'management-auth', 'aggregate') },
            { from: { element: { type: 'flow' } }, allow: below('policy', 'base', 'schemas', 'persistence', 'tenancy', 'management-auth', 'aggregate') },
            { from: { element: { type: 'app' } }, allow: below('policy', 'base', 'schemas', 'persistence', 'tenancy', 'management-auth', 'aggregate', 'flow') },
            {
              from: { element: { type: 'testing' } },
              allow: below('policy', 'base', 'schemas', 'persistence', 'tenancy', 'management-auth', 'aggregate', 'flow', 'app'),
            },
            { from: { element: { types: { anyOf: ['test', 'bench'] } } }, allow: below(...LIBS, 'schemas', 'app') },
            // The benchmark's pure helpers (bench/stats.js) and their unit test in test/bench (an element of type bench too).
            { from: { element: { types: { anyOf: ['test', 'bench'] } } }, allow: below('bench') },
            // Entry points (last, so they override the allows above): a lib only through its index.ts ...
            {
              disallow: { to: { element: { types: { anyOf: LIBS }, fileInternalPath: '!src/index.ts' } } },
              message: 'Import another lib only through its index.ts (@gatehouse/<lib>).',
            },
            {
              disallow: { to: { element: { type: 'schemas', fileInternalPath: '!index.ts' } } },
              message: 'Import the schemas only through @gatehouse/schemas.',
            },
            // ... and the app through its module, or the factory that main.ts and the tests share so they build the very same app.
            {
              disallow: { to: { element: { type: 'app', fileInternalPath: '!src/{app.module,configure-app}.ts' } } },
              message: 'Import the app only through @gatehouse/app or its configure-app factory.',
            },
          ],
        },
      ],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },

  // libs/policy is pure: no framework, no I/O, no other lib.
  {
    files: ['libs/policy/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: IMPURE, message: 'libs/policy is pure rules: no framework, no I/O, no other @gatehouse lib (STYLE.md).' }] },
      ],
    },
  },

  // The one exception to a pure libs/policy: network-acl.ts parses and matches IP ranges with Node's
  // in-memory helpers (`BlockList`, `isIPv4`, `isIPv6` from 'net'); it opens no socket.
  {
    files: ['libs/policy/src/network-acl.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },

  // Node CommonJS scripts and configs.
  {
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        exports: 'writable',
        __dirname: 'readonly',
        __filename: 'readonly',
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        Headers: 'readonly',
        Response: 'readonly',
        AbortController: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        Request: 'readonly',
        performance: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-require-imports': 'off', // CommonJS scripts require() by design
    },
  },
);
