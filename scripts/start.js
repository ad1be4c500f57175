#!/usr/bin/env node
// `npm start`: build when the compiled output is missing or older than any source file, then run.
// The entry is package.json's "main", the one start command: the process tests and the Dockerfile's CMD
// run that same file (test/e2e/container.e2e-spec.ts checks the CMD against it).
const fs = require('fs');
const path = require('path');
const root = path.join(__dirname, '..');
const entry = path.join(root, require('../package.json').main);
const stamp = path.join(root, 'dist/.build-stamp');

function newestSource(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}
const sources = ['apps', 'libs', 'prisma-free-schemas'].map((d) => newestSource(path.join(root, d)));
const stale = !fs.existsSync(entry) || !fs.existsSync(stamp) || fs.statSync(stamp).mtimeMs < Math.max(...sources);
if (stale) require('./build.js');
require(entry);
