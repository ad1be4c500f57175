#!/usr/bin/env node
// `npx gatehouse serve | lint <file> | report`: the server, the client linter and the migration report.
'use strict';
const fs = require('fs');
const path = require('path');
const { parseArgs } = require('util');

const root = path.join(__dirname, '..');
const USAGE = `Usage:
  gatehouse serve                                   start the server (as npm start)
  gatehouse lint <file> [--mode strict|permissive]  check client payloads (a client JSON, or an auth0-deploy-cli
                                                    tenant YAML/JSON: every client in it) against a mode, offline
  gatehouse report [--url <base>] [--token <token>] [--json] [--fail-on-findings]
                                                    print a tenant's migration report (GET /ext/v1/migration-report);
                                                    --url and --token default to GATEHOUSE_URL and GATEHOUSE_TOKEN
Exit codes: 0 clean, 1 violations (lint) or findings (report --fail-on-findings), 2 bad input or error.`;

class UsageError extends Error {}

/** The compiled output: GATEHOUSE_DIST when set (tests), else dist/, built first when stale (as npm start does). */
function compiled(relative) {
  const dist = process.env.GATEHOUSE_DIST;
  if (dist) return require(path.join(dist, relative));
  const stamp = path.join(root, 'dist/.build-stamp');
  const newest = (dir) => {
    let n = 0;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === 'dist' || e.name.startsWith('.')) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) n = Math.max(n, newest(p));
      else if (e.name.endsWith('.ts')) n = Math.max(n, fs.statSync(p).mtimeMs);
    }
    return n;
  };
  const sources = ['apps', 'libs', 'prisma-free-schemas'].map((d) => newest(path.join(root, d)));
  if (!fs.existsSync(stamp) || fs.statSync(stamp).mtimeMs < Math.max(...sources)) {
    // The build prints to stderr only, so lint output on stdout stays one line per violation.
    require('child_process').execFileSync(process.execPath, [path.join(root, 'scripts/build.js')], { stdio: ['ignore', process.stderr, 'inherit'] });
  }
  return require(path.join(root, 'dist', relative));
}

// lint -----------------------------------------------------------------------------------------------

const isObj = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The clients a file holds: a client payload, an array of them, or a deploy-cli tenant file's `clients`. */
function clientsIn(file) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${file}: cannot read it (${e.code ?? e.message})`);
  }
  let doc;
  const ext = path.extname(file).toLowerCase();
  try {
    doc = ext === '.json' ? JSON.parse(text) : require('yaml').parse(text); // YAML 1.2 reads JSON too
  } catch (e) {
    throw new UsageError(`${file}: not valid ${ext === '.json' ? 'JSON' : 'YAML or JSON'} (${e.message.split('\n')[0]})`);
  }
  const list = Array.isArray(doc)
    ? doc
    : isObj(doc) && Array.isArray(doc.clients)
      ? doc.clients
      : isObj(doc) && typeof doc.name === 'string'
        ? [doc]
        : undefined;
  if (!list) throw new UsageError(`${file}: neither a client payload (an object with a name), an array of them, nor a tenant file with "clients"`);
  list.forEach((c, i) => {
    if (!isObj(c)) throw new UsageError(`${file}: client #${i + 1} is not an object`);
  });
  return list;
}

function lint(args) {
  const { values, positionals } = parseArgs({ args, options: { mode: { type: 'string' } }, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError('lint takes one file');
  if (values.mode !== undefined && values.mode !== 'strict' && values.mode !== 'permissive') throw new UsageError('--mode must be strict or permissive');
  const file = positionals[0];
  const clients = clientsIn(file);
  const { allViolations, firstPartyViolations } = compiled('libs/policy/src/index.js');
  const { withDefaults } = compiled('libs/clients/src/client-defaults.js');
  let count = 0;
  clients.forEach((raw, i) => {
    // As POST /api/v2/clients: a null means "not set".
    const payload = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== null));
    const thirdParty = values.mode !== undefined || payload.is_first_party === false;
    const mode = thirdParty ? (values.mode ?? (payload.third_party_security_mode === 'permissive' ? 'permissive' : 'strict')) : null;
    // The rules the create path runs (ClientsService.createViolations): the payload, and the client it yields.
    const violations =
      mode === null ? firstPartyViolations(payload) : allViolations(mode, payload, { ...withDefaults(payload, mode, payload), app_type: payload.app_type });
    const name = typeof payload.name === 'string' ? payload.name : `#${i + 1}`;
    for (const v of violations) {
      count++;
      console.log(`${file}: client "${name}" (${mode ?? 'first-party'}): ${v.property}: ${v.rule}: ${v.message}`);
    }
  });
  const n = clients.length;
  console.error(`${file}: ${n} client${n === 1 ? '' : 's'}, ${count} violation${count === 1 ? '' : 's'}`);
  return count > 0 ? 1 : 0;
}

// report ---------------------------------------------------------------------------------------------

async function report(args) {
  const { values } = parseArgs({
    args,
    options: { url: { type: 'string' }, token: { type: 'string' }, json: { type: 'boolean' }, 'fail-on-findings': { type: 'boolean' } },
  });
  const base = values.url ?? process.env.GATEHOUSE_URL;
  const token = values.token ?? process.env.GATEHOUSE_TOKEN;
  if (!base) throw new UsageError('report needs --url (or GATEHOUSE_URL)');
  if (!token) throw new UsageError('report needs --token (or GATEHOUSE_TOKEN): an admin access token with read:clients');
  let url;
  try {
    url = new URL('/ext/v1/migration-report', base);
  } catch {
    throw new UsageError(`--url: not a URL: ${base}`);
  }
  const get = async (format) => {
    url.searchParams.set('format', format);
    let res;
    try {
      res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    } catch (e) {
      throw new Error(`${url.origin}: ${e.cause?.code ?? e.message}`, { cause: e });
    }
    const body = await res.text();
    if (res.status !== 200) {
      let detail = body;
      try {
        const j = JSON.parse(body);
        detail = `${j.errorCode ?? j.error}: ${j.message ?? j.error_description}`;
      } catch {
        // not JSON: shown as is
      }
      throw new Error(`GET ${url.pathname} answered ${res.status} (${detail})`);
    }
    return body;
  };
  const json = values.json || values['fail-on-findings'] ? JSON.parse(await get('json')) : undefined;
  // The human-readable form is the server's own (?format=text).
  process.stdout.write(values.json ? `${JSON.stringify(json, null, 2)}\n` : await get('text'));
  return json && values['fail-on-findings'] && json.summary.with_findings + json.tenant.findings.length > 0 ? 1 : 0;
}

// main -----------------------------------------------------------------------------------------------

async function main(argv) {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      if (rest.length) throw new UsageError('serve takes no arguments (configure it with environment variables, see the README)');
      if (process.env.GATEHOUSE_DIST) require(path.join(process.env.GATEHOUSE_DIST, 'apps/gatehouse/src/main.js'));
      else require(path.join(root, 'scripts/start.js'));
      return undefined;
    case 'lint':
      return lint(rest);
    case 'report':
      return report(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command: ${command}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (e) => {
    const usage = e instanceof UsageError || (e && typeof e.code === 'string' && e.code.startsWith('ERR_PARSE_ARGS'));
    console.error(`gatehouse: ${e.message}${usage ? `\n\n${USAGE}` : ''}`);
    process.exitCode = 2;
  },
);
