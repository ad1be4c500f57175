import Ajv from 'ajv';
import { ChildProcessWithoutNullStreams, execFile, spawn } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, existsSync } from 'fs';
import { createServer } from 'http';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { promisify } from 'util';
import { Copy, DockerfileParser, Dockerfile, Instruction, JSONInstruction } from 'dockerfile-ast';
import { validate as lintDockerfile } from 'dockerfile-utils';
import { parse } from 'yaml';
import { freePort } from '@gatehouse/testing';
import { buildServer, ROOT } from './support/gatehouse-process';

/**
 * Issue 15 §3: the Dockerfile and compose.yaml, checked without Docker (no daemon on these machines).
 * The Dockerfile is parsed (dockerfile-ast) and linted (dockerfile-utils, the linter of the Docker
 * language server; hadolint is not installable here); compose.yaml is validated against the Compose
 * specification's JSON schema (as shipped in dclint) and linted with dclint. Then the image's start
 * command and HEALTHCHECK are run for real, from a folder laid out as the image's WORKDIR, with the
 * image's ENV: the CMD is package.json's "main", the file `npm start` and the process tests run.
 */
const run = promisify(execFile);
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string };
const dockerfileText = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const dockerfile: Dockerfile = DockerfileParser.parse(dockerfileText);
const compose = parse(readFileSync(join(ROOT, 'compose.yaml'), 'utf8')) as Record<string, any>;

/** The instructions of the last stage (the image that runs). */
function finalStage(): Instruction[] {
  const froms = dockerfile.getFROMs();
  const last = froms[froms.length - 1]!;
  return dockerfile.getInstructions().filter((i) => i.getRange().start.line >= last.getRange().start.line);
}
const copyFrom = (i: Instruction) => (i.getKeyword() === 'COPY' ? ((i as Copy).getFromFlag()?.getValue() ?? null) : undefined);
const jsonArgs = (i: Instruction) => (i as JSONInstruction).getJSONStrings().map((s) => s.getJSONValue());
const one = (keyword: string) => {
  const found = finalStage().filter((i) => i.getKeyword() === keyword);
  expect(found).toHaveLength(1);
  return found[0]!;
};
/** ENV of the final stage as key → value (KEY=value pairs). */
function finalEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const i of finalStage().filter((x) => x.getKeyword() === 'ENV')) {
    for (const a of i.getArguments()) {
      const [k, ...v] = a.getValue().split('=');
      env[k!] = v.join('=');
    }
  }
  return env;
}
/** The HEALTHCHECK's command line (exec form), e.g. ['node', 'scripts/healthcheck.js']. */
function healthcheckArgv(): string[] {
  const hc = one('HEALTHCHECK');
  const text = hc.getArgumentsContent()!;
  const json = text.slice(text.indexOf('CMD') + 3).trim();
  return JSON.parse(json) as string[];
}

describe('Dockerfile', () => {
  it('lints clean', () => {
    expect(lintDockerfile(dockerfileText)).toEqual([]);
    // The linter does flag a broken file (so the clean result above means something).
    expect(lintDockerfile('FROM node:22\nUSER\nHEALTHCHECK --interval=abc CMD true\n').length).toBeGreaterThan(0);
  });

  it('is multi-stage: a build stage, and a runtime stage that copies its output', () => {
    const stages = dockerfile.getFROMs();
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const buildStage = stages[0]!.getBuildStage();
    expect(buildStage).toBeTruthy();
    const runs = dockerfile
      .getInstructions()
      .filter((i) => i.getKeyword() === 'RUN' && i.getRange().start.line < stages[stages.length - 1]!.getRange().start.line)
      .map((i) => i.getArgumentsContent());
    expect(runs.some((r) => /\bnpm ci\b/.test(r!))).toBe(true);
    expect(runs.some((r) => /\bnpm run build\b/.test(r!))).toBe(true);
    const copiesFromBuild = finalStage().filter((i) => copyFrom(i) === buildStage);
    expect(copiesFromBuild.map((c) => c.getArguments()[0]!.getValue())).toEqual(expect.arrayContaining(['/app/dist', '/app/node_modules']));
    // The runtime stage has production dependencies only: the build stage prunes the dev ones.
    expect(runs.some((r) => /npm prune --omit=dev/.test(r!))).toBe(true);
  });

  it('runs as a non-root user', () => {
    const users = finalStage().filter((i) => i.getKeyword() === 'USER');
    expect(users.length).toBeGreaterThan(0);
    const user = users[users.length - 1]!.getArguments()[0]!.getValue();
    expect(user.split(':')[0]).not.toMatch(/^(root|0)$/);
  });

  it('keeps its data in a VOLUME that the default DATABASE_URL points into', () => {
    const volume = one('VOLUME');
    const volumes = jsonArgs(volume);
    const env = finalEnv();
    expect(env.DATABASE_URL).toMatch(/^sqlite:\//);
    const dbDir = dirname(env.DATABASE_URL!.slice('sqlite:'.length));
    expect(volumes).toEqual([dbDir]);
    // The server listens on every interface inside the container, on the port it EXPOSEs.
    expect(env.HOST).toBe('0.0.0.0');
    expect(one('EXPOSE').getArguments()[0]!.getValue()).toBe(env.PORT);
    // The folder exists and belongs to the user that runs (a named volume copies its ownership).
    const user = finalStage()
      .filter((i) => i.getKeyword() === 'USER')
      .pop()!
      .getArguments()[0]!
      .getValue();
    expect(finalStage().some((i) => i.getKeyword() === 'RUN' && i.getArgumentsContent()!.includes(`chown ${user}:${user} ${dbDir}`))).toBe(true);
  });

  it('its CMD is the start command: node and package.json "main"', () => {
    expect(jsonArgs(one('CMD'))).toEqual(['node', pkg.main]);
    expect(finalStage().some((i) => i.getKeyword() === 'ENTRYPOINT')).toBe(false);
  });

  it('copies only files that exist and that .dockerignore lets through', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    const sources = dockerfile
      .getInstructions()
      .filter((i) => copyFrom(i) === null)
      .flatMap((i) =>
        i
          .getArguments()
          .map((a) => a.getValue())
          .slice(0, -1),
      );
    expect(sources.length).toBeGreaterThan(3);
    for (const s of sources) {
      expect([s, existsSync(join(ROOT, s))]).toEqual([s, true]);
      expect([s, ignored.includes(s.split('/')[0]!)]).toEqual([s, false]);
    }
  });
});

describe('compose.yaml', () => {
  it('validates against the Compose specification schema', () => {
    // draft-07 (its $schema names it by an https URL ajv does not know: ajv's default draft is that one).
    const { $schema, ...schema } = JSON.parse(readFileSync(join(ROOT, 'node_modules/dclint/schemas/compose.schema.json'), 'utf8'));
    expect($schema).toMatch(/draft-07/);
    const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
    const check = ajv.compile(schema);
    expect(check(compose) ? [] : check.errors).toEqual([]);
    // The schema does refuse a wrong file: an unknown depends_on condition, an unknown service key.
    const wrong = structuredClone(compose);
    wrong.services.gatehouse.depends_on.postgres.condition = 'service_ready';
    wrong.services.postgres.healthcheck.tests = ['CMD', 'true'];
    expect(check(wrong)).toBe(false);
    expect(check.errors!.map((e) => e.instancePath)).toEqual(
      expect.arrayContaining(['/services/gatehouse/depends_on/postgres/condition', '/services/postgres/healthcheck']),
    );
  });

  it('dclint finds nothing to say', async () => {
    const { stdout, stderr } = await run(process.execPath, [join(ROOT, 'node_modules/dclint/bin/dclint.cjs'), 'compose.yaml'], { cwd: ROOT });
    expect(`${stdout}${stderr}`.trim()).toBe('');
  });

  it('runs Gatehouse on PostgreSQL 15, started once PostgreSQL is healthy, with its data in named volumes', () => {
    const { gatehouse, postgres } = compose.services;
    expect(postgres.image).toBe('postgres:15');
    expect(postgres.healthcheck.test.join(' ')).toContain('pg_isready');
    expect(gatehouse.build.context).toBe('.');
    expect(gatehouse.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(gatehouse.environment.DATABASE_URL).toMatch(/^postgres:\/\/gatehouse:[^@]+@postgres:5432\/gatehouse$/);
    expect(gatehouse.environment.DATABASE_URL).toContain(`:${postgres.environment.POSTGRES_PASSWORD}@`);
    // Gatehouse's volume is mounted on the image's VOLUME (its generated secret key lives there).
    const [gatehouseVolume] = gatehouse.volumes as string[];
    expect(gatehouseVolume!.split(':')[1]).toBe(jsonArgs(one('VOLUME'))[0]);
    const named = [...gatehouse.volumes, ...postgres.volumes].map((v: string) => v.split(':')[0]);
    expect(Object.keys(compose.volumes).sort()).toEqual([...named].sort());
    expect(gatehouse.ports).toEqual([`127.0.0.1:${finalEnv().PORT}:${finalEnv().PORT}`]);
  });
});

/**
 * The image's CMD and HEALTHCHECK, run as the image would, from a folder laid out like its WORKDIR
 * (dist compiled into it; node_modules, package.json, openapi.yaml and scripts/healthcheck.js beside).
 */
describe('the image start command and HEALTHCHECK, run here', () => {
  let app: string;
  let proc: ChildProcessWithoutNullStreams | undefined;
  beforeAll(() => {
    app = join(mkdtempSync(join(tmpdir(), 'gatehouse-image-')), 'app');
    mkdirSync(join(app, 'scripts'), { recursive: true });
    buildServer(join(app, 'dist'));
    for (const f of ['node_modules', 'package.json', 'openapi.yaml', 'scripts/healthcheck.js']) symlinkSync(join(ROOT, f), join(app, f));
  }, 180_000);
  afterAll(() => {
    if (proc && proc.exitCode === null) proc.kill('SIGKILL');
    rmSync(dirname(app), { recursive: true, force: true });
  });

  const workdir = () => one('WORKDIR').getArguments()[0]!.getValue();
  /** The image's ENV, its paths under WORKDIR moved into the test's folder, on a free port. */
  const imageEnv = (port: number) => {
    const env = Object.fromEntries(Object.entries(finalEnv()).map(([k, v]) => [k, v.split(workdir()).join(app)]));
    return { PATH: process.env.PATH ?? '', ...env, PORT: String(port), LOG_LEVEL: 'warn' };
  };
  const healthcheck = async (env: Record<string, string>) => {
    const [cmd, ...args] = healthcheckArgv();
    try {
      await run(cmd === 'node' ? process.execPath : cmd!, args, { cwd: app, env });
      return 0;
    } catch (e) {
      return (e as { code: number }).code;
    }
  };

  it('the CMD serves; the HEALTHCHECK passes once /readyz is 200, fails on a 503 or nothing; SIGTERM drains', async () => {
    const port = await freePort();
    const env = imageEnv(port);
    expect(await healthcheck(env)).toBe(1); // nothing listening yet

    const [cmd, ...args] = jsonArgs(one('CMD'));
    proc = spawn(cmd === 'node' ? process.execPath : cmd!, args, { cwd: app, env });
    let out = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => proc!.on('exit', (code) => r(code)));
    const until = Date.now() + 30_000;
    while ((await healthcheck(env)) !== 0) {
      if (Date.now() > until || proc.exitCode !== null) throw new Error(`the image's CMD did not become healthy:\n${out}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    // Its data went into the VOLUME folder (the SQLite file and the generated secret key).
    expect(existsSync(join(app, 'data', 'gatehouse.sqlite'))).toBe(true);
    expect(existsSync(join(app, 'data', 'secret.key'))).toBe(true);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);

    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await healthcheck(env)).toBe(1);
  }, 60_000);

  it('the HEALTHCHECK asks GET /readyz and fails on anything but 200', async () => {
    const seen: string[] = [];
    let status = 503;
    const server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.writeHead(status).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const env = imageEnv(port);
      expect(await healthcheck(env)).toBe(1);
      status = 200;
      expect(await healthcheck(env)).toBe(0);
      expect(seen).toEqual(['GET /readyz', 'GET /readyz']);
    } finally {
      server.close();
    }
  });
});
