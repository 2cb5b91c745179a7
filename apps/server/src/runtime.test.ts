import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { openDatabase } from './runtime';

// The embedded database as `npm start` opens it (PGlite in a folder), whichever suite runs.
describe('the embedded database', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'nexus-runtime-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  async function settings(env: Record<string, string>): Promise<Record<string, string>> {
    const db = await openDatabase(loadConfig({ NEXUS_DATA_DIR: dataDir, ...env }));
    try {
      const { rows } = await db.systemQuery<{ name: string; setting: string }>(
        "select name, current_setting(name) as setting from unnest(array['shared_buffers', 'search_path', 'default_text_search_config', 'max_parallel_workers']) as name",
      );
      return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
    } finally {
      await db.close();
    }
  }

  it('gets the page cache PGLITE_SHARED_BUFFERS_MB asks for, 256 MB by default, and keeps its other settings', async () => {
    const chosen = await settings({ PGLITE_SHARED_BUFFERS_MB: '48' });
    expect(chosen).toEqual({ shared_buffers: '48MB', search_path: 'public', default_text_search_config: 'pg_catalog.english', max_parallel_workers: '0' });
    // Again on the same folder: the setting is a start parameter, not written into the folder.
    expect(await settings({})).toMatchObject({ shared_buffers: '256MB', default_text_search_config: 'pg_catalog.english' });
  });
});
