#!/usr/bin/env node
// Compile with tsc, then rewrite the @gatehouse/* path aliases into relative requires.
const { execFileSync } = require('child_process');
const path = require('path');
const bin = (name) => path.join(__dirname, '..', 'node_modules', '.bin', name);
execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json'], { stdio: 'inherit', cwd: path.join(__dirname, '..') });
execFileSync(bin('tsc-alias'), ['-p', 'tsconfig.build.json'], { stdio: 'inherit', cwd: path.join(__dirname, '..') });
require('fs').writeFileSync(path.join(__dirname, '..', 'dist', '.build-stamp'), new Date().toISOString());
