/**
 * A test suite's world: a fresh database copy, services on a settable clock, the HTTP app in
 * process (no port), and sign-in helpers for the demo accounts.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp, type App, type AppOptions } from '../../src/http/app.ts';
import { createServices, type Services } from '../../src/main.ts';
import { demoPassword } from '../../src/cli/demo.ts';
import type { Clock } from '../../src/services/actor.ts';
import type { TestBackend, TestDatabase } from './database.ts';

export class FakeClock implements Clock {
  private current: Date;

  constructor(start = new Date('2026-11-23T01:30:00.000Z')) {
    this.current = start;
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface TestContext {
  database: TestDatabase;
  services: Services;
  clock: FakeClock;
  app: App;
  /** The data key the services seal resident IDs with, for tests that open what was sealed. */
  dataKey: Buffer;
  /** Signs a demo account in and returns its cookie header. */
  signIn(username: string, password?: string): Promise<string>;
  request(options: RequestOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface RequestOptions {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  cookie?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Send an Idempotency-Key (a fresh one unless given). */
  idempotencyKey?: string | true;
}

export async function createTestContext(backend: TestBackend, appOptions: Partial<AppOptions> = {}, serviceOptions: Parameters<typeof createServices>[3] = {}): Promise<TestContext> {
  const database = await backend.create();
  const clock = new FakeClock();
  const dataKey = randomBytes(32);
  const services = createServices(database, clock, dataKey, serviceOptions);
  const app = await buildApp({ services, databaseKind: database.kind, version: 'test', ...appOptions });
  // Cached sign-ins, with the (test) time they were made: a test that moves the clock on gets fresh ones.
  const sessions = new Map<string, { cookie: string; at: number }>();

  const request = (options: RequestOptions) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.cookie) headers.cookie = options.cookie;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey === true ? randomUUID() : options.idempotencyKey;
    return app.inject({
      method: options.method,
      url: options.url,
      headers,
      ...(options.body === undefined ? {} : { payload: options.body as object }),
    });
  };

  return {
    database,
    services,
    clock,
    app,
    dataKey,
    request,
    async signIn(username, password = demoPassword) {
      const cached = sessions.get(username);
      if (cached && password === demoPassword && Math.abs(clock.now().getTime() - cached.at) < 3_600_000) return cached.cookie;
      const response = await request({ method: 'POST', url: '/api/auth/login', body: { username, password } });
      if (response.statusCode !== 200) throw new Error(`sign-in as ${username} failed: ${response.statusCode} ${response.body}`);
      const cookie = response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      sessions.set(username, { cookie, at: clock.now().getTime() });
      return cookie;
    },
    async close() {
      await app.close();
      await services.hallLive.stop();
      await database.close();
    },
  };
}
