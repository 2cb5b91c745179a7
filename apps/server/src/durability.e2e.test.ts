import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@nexus/testing';

// End-to-end against the real started server process, on the suite's database
// (a PGlite data folder, or a PostgreSQL database under `npm run test:pg`).

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

interface Running {
  proc: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

async function start(env: Record<string, string>): Promise<Running> {
  const port = await freePort();
  const proc = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', NEXUS_DEMO: 'false', NEXUS_WEB: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited early: ${output}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.status === 200) return { proc, url, exited };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`server did not become ready: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function json(url: string, init: { method?: string; token?: string; body?: unknown } = {}) {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

// Each start of a PGlite server process migrates and boots WASM PostgreSQL: allow for slow, busy machines.
describe('durability of the started server', { timeout: 180_000 }, () => {
  let testDb: TestDb;
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    testDb = await createTestDb();
    dataDir = await mkdtemp(join(tmpdir(), 'nexus-e2e-'));
    // The test's own handle is closed: the server process owns the database from here.
    env = testDb.url ? { DATABASE_URL: testDb.url } : { NEXUS_DATA_DIR: dataDir };
  });
  afterAll(async () => {
    await testDb.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps a record acknowledged with 201 after the server is killed with SIGKILL', async () => {
    const first = await start(env);
    const signup = await json(`${first.url}/api/v1/auth/signup`, {
      method: 'POST',
      body: { email: 'durable@example.com', password: 'durable-password', name: 'Dee', workspaceName: 'Durable' },
    });
    expect(signup.status).toBe(201);
    const token = signup.body.token as string;
    const created = await json(`${first.url}/api/v1/contacts`, { method: 'POST', token, body: { firstName: 'Survivor', emails: ['survivor@example.com'] } });
    expect(created.status).toBe(201);
    first.proc.kill('SIGKILL');
    await first.exited;

    const second = await start(env);
    try {
      const login = await json(`${second.url}/api/v1/auth/login`, { method: 'POST', body: { email: 'durable@example.com', password: 'durable-password' } });
      expect(login.status).toBe(200);
      const read = await json(`${second.url}/api/v1/contacts/${created.body.id as string}`, { token: login.body.token as string });
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ firstName: 'Survivor', emails: ['survivor@example.com'] });
    } finally {
      second.proc.kill('SIGKILL');
      await second.exited;
    }
  });

  it('shuts down cleanly on Ctrl-C (SIGINT) and finds every record after a restart', async () => {
    const first = await start(env);
    const login = await json(`${first.url}/api/v1/auth/login`, { method: 'POST', body: { email: 'durable@example.com', password: 'durable-password' } });
    const token = login.body.token as string;
    const created = await json(`${first.url}/api/v1/companies`, { method: 'POST', token, body: { name: 'Still Here Ltd' } });
    expect(created.status).toBe(201);
    first.proc.kill('SIGINT');
    expect(await first.exited).toBe(0);

    const second = await start(env);
    try {
      const read = await json(`${second.url}/api/v1/companies/${created.body.id as string}`, { token });
      expect(read.status).toBe(200);
      expect(read.body.name).toBe('Still Here Ltd');
    } finally {
      second.proc.kill('SIGINT');
      expect(await second.exited).toBe(0);
    }
  });
});
