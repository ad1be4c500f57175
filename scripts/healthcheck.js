#!/usr/bin/env node
// The container's HEALTHCHECK (slim images have no curl): exit 0 when GET /readyz answers 200 (listening,
// database reachable, migrations applied), 1 otherwise. It asks the server on PORT, on loopback when HOST is
// a wildcard address.
'use strict';
const http = require('http');

const port = Number(process.env.PORT || 3000);
const bound = process.env.HOST || '127.0.0.1';
const host = bound === '0.0.0.0' || bound === '::' ? '127.0.0.1' : bound;
const timeoutMs = Number(process.env.GATEHOUSE_HEALTHCHECK_TIMEOUT_MS || 4000);

const req = http.get({ host, port, path: '/readyz', timeout: timeoutMs }, (res) => {
  res.resume();
  if (res.statusCode !== 200) console.error(`GET /readyz answered ${res.statusCode}`);
  process.exit(res.statusCode === 200 ? 0 : 1);
});
req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
req.on('error', (e) => {
  console.error(`GET http://${host}:${port}/readyz: ${e.code || e.message}`);
  process.exit(1);
});
