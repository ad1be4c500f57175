#!/usr/bin/env node
// Generates libs/contract/src/openapi.generated.ts from openapi.yaml with openapi-typescript, so the
// contract and the server share one source of types (issue 10 §5). `--check` exits 1 when the
// checked-in file differs from what openapi.yaml generates now (npm test runs that check).
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const target = path.join(root, 'libs/contract/src/openapi.generated.ts');
const HEADER =
  '// Generated from openapi.yaml by scripts/generate-contract-types.js (openapi-typescript). Do not edit:\n// change openapi.yaml and run `npm run generate:contract-types`.\n';

function generate() {
  const cli = path.join(path.dirname(require.resolve('openapi-typescript/package.json')), 'bin/cli.js');
  // Run from libs/contract, where there is no redocly.yaml: openapi-typescript would otherwise load the
  // root one (the strict lint `npm test` runs separately, with its ignore file, which openapi-typescript
  // does not read) and refuse to generate on a lint finding; here it keeps Redocly's minimal rules.
  const body = execFileSync(process.execPath, [cli, path.join(root, 'openapi.yaml')], {
    cwd: path.join(root, 'libs/contract'),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return HEADER + body;
}

const fresh = generate();
if (process.argv.includes('--check')) {
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  if (current !== fresh) {
    console.error(`${path.relative(root, target)} is stale: run \`npm run generate:contract-types\` after changing openapi.yaml.`);
    process.exit(1);
  }
} else {
  fs.writeFileSync(target, fresh);
  console.log(`wrote ${path.relative(root, target)}`);
}
