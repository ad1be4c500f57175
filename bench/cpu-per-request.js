#!/usr/bin/env node
/**
 * Server CPU time per `GET /api/v2/clients/{id}` (user + system time of the server process, from
 * /proc/<pid>/stat), for one or more builds, alternating, a fresh process per round. CPU time is what a
 * request costs whatever else the machine is doing, so builds can be compared on a shared machine where
 * throughput is noise (used for issue 10 §8). Linux only (/proc).
 *
 *   node bench/cpu-per-request.js <root-with-dist> [<another root> …]   (ROUNDS=7, REQUESTS=6000)
 */
const path = require('path');
const fs = require('fs');
const { fork } = require('child_process');
const autocannon = require('autocannon');

const roots = process.argv.slice(2).map((r) => path.resolve(r));
const ROUNDS = Number(process.env.ROUNDS || 7);
const REQUESTS = Number(process.env.REQUESTS || 6000);
const TICKS_PER_SECOND = 100; // Linux's USER_HZ

function cpuMs(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND; // utime + stime
}
const load = (opts, amount) => new Promise((resolve, reject) => autocannon({ ...opts, amount }, (e, r) => (e ? reject(e) : resolve(r))));

async function round(root) {
  const child = fork(path.join(__dirname, 'children/gatehouse-read-server.js'), [root], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const info = await new Promise((resolve) => child.once('message', resolve));
  const opts = {
    url: `${info.base}/api/v2/clients/${info.clientId}`,
    headers: { host: 'localhost:3000', authorization: `Bearer ${info.token}` },
    connections: 8,
  };
  await load(opts, 2000); // warm-up: JIT, caches
  const before = cpuMs(child.pid);
  const res = await load(opts, REQUESTS);
  const used = cpuMs(child.pid) - before;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  if (res.non2xx || res.errors) throw new Error(`${root}: ${res.non2xx} non-2xx, ${res.errors} errors`);
  return used / REQUESTS;
}

(async () => {
  if (roots.length === 0) throw new Error('usage: node bench/cpu-per-request.js <root> [<root> …] (each with a built dist/)');
  const perRoot = new Map(roots.map((r) => [r, []]));
  for (let i = 0; i < ROUNDS; i++) for (const root of roots) perRoot.get(root).push(await round(root));
  for (const [root, values] of perRoot) {
    const sorted = [...values].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    console.log(
      `${root}: CPU ms per request, median ${median.toFixed(3)} [${sorted[0].toFixed(3)}–${sorted.at(-1).toFixed(3)}] over ${ROUNDS} rounds of ${REQUESTS}`,
    );
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
