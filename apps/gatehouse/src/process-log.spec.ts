import 'reflect-metadata';
import { Body, Controller, Logger, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyRequestContext from '@fastify/request-context';
import { randomUUID } from 'crypto';
import { Writable } from 'stream';
import { createProcessLogger, logFormatOf, NestPinoLogger } from './process-log';

/** The process log as one stream (issue 15 §6): Nest's lines through pino, request ids, both formats redacted. */
function capture(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { stream, lines };
}

describe('logFormatOf', () => {
  it.each([
    ['json', true, false, 'json'],
    ['pretty', false, false, 'pretty'],
    [undefined, true, false, 'pretty'],
    [undefined, false, false, 'json'],
    // A stream given by the caller (tests) is never a terminal.
    [undefined, true, true, 'json'],
  ] as const)('LOG_FORMAT=%p, stdout a TTY: %p, custom stream: %p → %p', (configured, tty, custom, format) =>
    expect(logFormatOf(configured, tty, custom)).toBe(format),
  );
});

describe('NestPinoLogger', () => {
  it('writes Nest lines as JSON with their context; start-up chatter at debug; errors with their stack', () => {
    const { stream, lines } = capture();
    const nest = new NestPinoLogger(createProcessLogger('debug', 'json', stream));
    nest.log('Starting Nest application...', 'NestFactory');
    nest.log('AppModule dependencies initialized', 'InstanceLoader');
    nest.log('Mapped {/healthz, GET} route', 'RouterExplorer');
    nest.warn('queue full', 'TenantLogs');
    const err = new Error('boom');
    nest.error(err.message, err.stack, 'ExceptionsHandler');
    nest.error(new Error('thrown'));
    nest.verbose('very detailed', 'X');
    const parsed = lines.map((l) => JSON.parse(l));
    expect(parsed.map((l) => [l.level, l.context, l.msg])).toEqual([
      [30, 'NestFactory', 'Starting Nest application...'],
      [20, 'InstanceLoader', 'AppModule dependencies initialized'],
      [20, 'RouterExplorer', 'Mapped {/healthz, GET} route'],
      [40, 'TenantLogs', 'queue full'],
      [50, 'ExceptionsHandler', 'boom'],
      [50, undefined, 'thrown'],
    ]);
    expect(parsed[4].err.stack).toContain('Error: boom');
    expect(parsed[5].err).toMatchObject({ type: 'Error', message: 'thrown' });
  });

  it('a line Nest writes while a request is handled carries that request’s reqId, after the body was read and across awaits', async () => {
    const { stream, lines } = capture();
    const logger = createProcessLogger('info', 'json', stream);

    @Controller()
    class ProbeController {
      private readonly log = new Logger('Probe');

      @Post('probe')
      async probe(@Body() body: { n: number }): Promise<{ n: number }> {
        await new Promise((r) => setTimeout(r, 5));
        this.log.warn(`probe ${body.n}`);
        return body;
      }
    }
    @Module({ controllers: [ProbeController] })
    class ProbeModule {}

    const app = await NestFactory.create<NestFastifyApplication>(ProbeModule, new FastifyAdapter({ loggerInstance: logger, genReqId: () => randomUUID() }), {
      logger: new NestPinoLogger(logger),
    });
    await app.register(fastifyRequestContext, { defaultStoreValues: (req) => ({ log: req.log }) });
    const fastify = app.getHttpAdapter().getInstance();
    fastify.addHook('onRequest', async (req, reply) => {
      reply.header('x-request-id', req.id);
    });
    await app.init();
    try {
      const answers = await Promise.all([1, 2, 3].map((n) => fastify.inject({ method: 'POST', url: '/probe', payload: { n } })));
      const parsed = lines.map((l) => JSON.parse(l));
      for (const [i, res] of answers.entries()) {
        expect(res.statusCode).toBe(201);
        const line = parsed.find((l) => l.msg === `probe ${i + 1}`);
        expect(line).toMatchObject({ level: 40, context: 'Probe', reqId: res.headers['x-request-id'] });
      }
      // Nest's own start-up lines went through pino too (as JSON), without a request id.
      expect(parsed.find((l) => l.context === 'NestApplication')).toMatchObject({ level: 30, msg: 'Nest application successfully started' });
      expect(parsed.find((l) => l.context === 'NestApplication').reqId).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});

describe('LOG_FORMAT=pretty', () => {
  it('writes human lines, not JSON, with the same redaction as JSON', async () => {
    const { stream, lines } = capture();
    const logger = createProcessLogger('info', 'pretty', stream);
    logger.info({ req: { method: 'GET', url: '/userinfo?access_token=SECRET-QUERY-1&x=1' } }, 'incoming request');
    logger.info({ body: { password: 'SECRET-BODY-2' }, headers: { authorization: 'Bearer SECRET-HEADER-3' } }, 'with a body');
    logger.child({ reqId: 'r-1' }).warn({ client_secret: 'x' }, 'GET /api/v2/clients 200 1.0ms');
    new NestPinoLogger(logger).log('Nest application successfully started', 'NestApplication');
    await new Promise((r) => setImmediate(r));
    const text = lines.join('\n');
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const line of lines) expect(() => JSON.parse(line)).toThrow();
    expect(text).toContain('incoming request');
    expect(text).toContain('GET /api/v2/clients 200 1.0ms');
    expect(text).toContain('[NestApplication] Nest application successfully started');
    expect(text).toContain('/userinfo?access_token=[redacted]&x=1');
    for (const secret of ['SECRET-QUERY-1', 'SECRET-BODY-2', 'SECRET-HEADER-3']) expect(text).not.toContain(secret);
  });
});
