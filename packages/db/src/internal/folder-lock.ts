import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '@nexus/platform';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims a data folder for this process with a pid file. A folder left
 * behind by a killed process is taken over at once (its pid is gone); one
 * held by a live process is refused. Two processes racing for a stale file
 * both try an exclusive create, and only one can win it.
 */
export async function lockFolder(dir: string): Promise<() => Promise<void>> {
  const file = join(dir, 'nexus.pid');
  for (let attempt = 0; attempt < 5; attempt += 1) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return async () => {
        await unlink(file).catch(() => undefined);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number((await readFile(file, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
      throw new AppError('service_unavailable', `The data folder ${dir} is in use by another NexusCRM process (pid ${holder})`, { kind: 'operational' });
    }
    // Written by a process that is gone (or half-written): remove it and try again.
    await unlink(file).catch(() => undefined);
  }
  throw new AppError('service_unavailable', `Could not claim the data folder ${dir}`, { kind: 'operational' });
}
