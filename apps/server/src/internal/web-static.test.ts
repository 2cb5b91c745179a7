import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexWebFiles, registerWebApp, resolveWebFile } from './web-static';

const built = indexWebFiles([
  'index.html',
  '404.html',
  'contacts.html',
  'contacts.txt',
  'contacts/_.html',
  'contacts/_.txt',
  'contacts/_/__next._tree.txt',
  'settings/members.html',
  '_next/static/chunks/app.js',
]);

describe('resolveWebFile', () => {
  it('finds pages, their folders and static assets', () => {
    expect(resolveWebFile(built, '/')).toBe('index.html');
    expect(resolveWebFile(built, '/contacts')).toBe('contacts.html');
    expect(resolveWebFile(built, '/settings/members')).toBe('settings/members.html');
    expect(resolveWebFile(built, '/_next/static/chunks/app.js')).toBe('_next/static/chunks/app.js');
  });

  it('serves the prebuilt shell of a dynamic page for any id, and its router payloads', () => {
    expect(resolveWebFile(built, '/contacts/01a23abc-f585-7376')).toBe('contacts/_.html');
    expect(resolveWebFile(built, '/contacts/01a23abc-f585-7376.txt')).toBe('contacts/_.txt');
    expect(resolveWebFile(built, '/contacts/01a23abc/__next._tree.txt')).toBe('contacts/_/__next._tree.txt');
  });

  it('finds nothing for unknown paths and refuses to climb out of the build', () => {
    expect(resolveWebFile(built, '/nowhere/at/all')).toBeUndefined();
    expect(resolveWebFile(built, '/../etc/passwd')).toBeUndefined();
    expect(resolveWebFile(built, '/contacts/%2e%2e/%2e%2e/secret')).toBeUndefined();
    expect(resolveWebFile(built, '/%E0%A4%A')).toBeUndefined();
  });
});

describe('registerWebApp', () => {
  let root: string;
  let app: FastifyInstance;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'nexus-web-'));
    await mkdir(join(root, 'contacts'), { recursive: true });
    await mkdir(join(root, '_next/static'), { recursive: true });
    await writeFile(join(root, 'index.html'), '<h1>home</h1>');
    await writeFile(join(root, '404.html'), '<h1>not here</h1>');
    await writeFile(join(root, 'contacts/_.html'), '<h1>a contact</h1>');
    await writeFile(join(root, '_next/static/app.js'), 'console.log(1)');
    app = Fastify();
    app.get('/api/v1/ping', async () => ({ pong: true }));
    await registerWebApp(app, root);
  });
  afterAll(async () => {
    await app.close();
    await rm(root, { recursive: true, force: true });
  });

  it('serves pages with security headers and assets as immutable, beside the API', async () => {
    const page = await app.inject({ url: '/contacts/42' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toBe('<h1>a contact</h1>');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['cache-control']).toBe('no-cache');
    const asset = await app.inject({ url: '/_next/static/app.js' });
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await app.inject({ url: '/api/v1/ping' })).json()).toEqual({ pong: true });
  });

  it('answers unknown pages with the 404 page and unknown API paths with JSON', async () => {
    const page = await app.inject({ url: '/nowhere/at/all' });
    expect(page.statusCode).toBe(404);
    expect(page.body).toBe('<h1>not here</h1>');
    const api = await app.inject({ url: '/api/v1/nothing' });
    expect(api.statusCode).toBe(404);
    expect(api.json<{ error: { code: string } }>().error.code).toBe('route_not_found');
  });
});
