import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lockFolder } from './folder-lock';

describe('data folder lock', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nexus-lock-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('refuses a second claim while a live process holds the folder, and frees it on release', async () => {
    // The parent of this test process stands in for another live NexusCRM process.
    await writeFile(join(dir, 'nexus.pid'), String(process.ppid));
    await expect(lockFolder(dir)).rejects.toThrow(/in use by another NexusCRM process/);
    await rm(join(dir, 'nexus.pid'));
    const release = await lockFolder(dir);
    expect(await readFile(join(dir, 'nexus.pid'), 'utf8')).toBe(String(process.pid));
    await release();
    await expect(readFile(join(dir, 'nexus.pid'), 'utf8')).rejects.toThrow();
  });

  it('takes over a folder left behind by a process that no longer exists', async () => {
    await writeFile(join(dir, 'nexus.pid'), '999999999');
    const release = await lockFolder(dir);
    expect(await readFile(join(dir, 'nexus.pid'), 'utf8')).toBe(String(process.pid));
    await release();
  });
});
