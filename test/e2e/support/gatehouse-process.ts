import { ChildProcessWithoutNullStreams, execFileSync, spawn } from 'child_process';
import { request } from 'http';
import { cpSync, existsSync } from 'fs';
import { join } from 'path';

/** Real Gatehouse processes for the suites that need more than one (several instances, simultaneous starts). */
export const ROOT = join(__dirname, '..', '..', '..');

/** Where a build of tsconfig.build.json puts the server's entry. */
const MAIN_IN_BUILD = 'apps/gatehouse/src/main.js';

export interface GatehouseProcess {
  name: string;
  port: number;
  proc: ChildProcessWithoutNullStreams;
  out: () => string;
  exited: Promise<number | null>;
}

/**
 * Compile the server into a folder of the suite's own (not dist/, which process.e2e-spec rebuilds in
 * place while other suites may run), and resolve packages from the repository's node_modules. The
 * reliability battery's spawned server (test/reliability/support/server.ts) is built here too.
 */
export function buildServer(outDir: string): string {
  // .ci/run compiles the server once, with these same two commands, and names it here: every suite that
  // spawns processes then gets its own copy of that build instead of compiling the project again (each
  // compile is ~15 s of CPU on a quiet machine, and about ten suites per database need one).
  const prebuilt = process.env.GATEHOUSE_TEST_SERVER_BUILD;
  if (prebuilt) {
    if (!existsSync(join(prebuilt, MAIN_IN_BUILD))) throw new Error(`GATEHOUSE_TEST_SERVER_BUILD=${prebuilt} holds no ${MAIN_IN_BUILD}`);
    cpSync(prebuilt, outDir, { recursive: true });
    return join(outDir, MAIN_IN_BUILD);
  }
  const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);
  const run = (name: string, args: string[]) => {
    try {
      execFileSync(bin(name), args, { cwd: ROOT, stdio: 'pipe' });
    } catch (e) {
      const { stdout, stderr } = e as { stdout?: Buffer; stderr?: Buffer };
      throw new Error(`${name} failed:\n${stdout?.toString() ?? ''}${stderr?.toString() ?? ''}`, { cause: e });
    }
  };
  run('tsc', ['-p', 'tsconfig.build.json', '--outDir', outDir, '--tsBuildInfoFile', join(outDir, '.tsbuildinfo')]);
  run('tsc-alias', ['-p', 'tsconfig.build.json', '--outDir', outDir]);
  return join(outDir, MAIN_IN_BUILD);
}

export function startProcess(name: string, main: string, port: number, env: Record<string, string>): GatehouseProcess {
  const proc = spawn(process.execPath, [main], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NODE_PATH: join(ROOT, 'node_modules'), PORT: String(port), HOST: '127.0.0.1', ...env },
  });
  let out = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  return { name, port, proc, out: () => out, exited };
}

function readyz(p: GatehouseProcess): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port: p.port, method: 'GET', path: '/readyz' }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** Until GET /readyz answers 200 (listening, database reachable, migrations applied). */
export async function waitReady(p: GatehouseProcess, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    if (await readyz(p)) return;
    if (Date.now() > until || p.proc.exitCode !== null) throw new Error(`instance ${p.name} did not start:\n${p.out()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function stopProcess(p: GatehouseProcess | undefined): Promise<void> {
  if (!p || p.proc.exitCode !== null) return;
  p.proc.kill('SIGTERM');
  const timer = setTimeout(() => p.proc.kill('SIGKILL'), 10_000);
  await p.exited;
  clearTimeout(timer);
}
