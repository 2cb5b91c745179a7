import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { constants, createBrotliCompress, createGzip } from 'node:zlib';
import { AppError, type Logger } from '@nexus/platform';

/** Written into the output folder by a finished build: the fingerprint of the sources it was built from. */
const stampFile = '.nexus-build';
// The browser suite and its screenshots are not part of the app: changing them must not rebuild it.
const skipped = new Set(['node_modules', '.next', 'out', 'test-results', 'screenshots', 'browser']);
const compressible = /\.(js|css|html|txt|json|svg|map)$/;

async function sourceFiles(dir: string, root: string, found: string[]): Promise<string[]> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (skipped.has(entry.name) || entry.name.startsWith('.next')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) await sourceFiles(full, root, found);
    else if (entry.isFile()) found.push(relative(root, full).split(sep).join('/'));
  }
  return found;
}

/** A fingerprint of everything a build depends on: the app's sources and the versions of Next.js and React. */
export async function webSourceHash(appDir: string): Promise<string> {
  const hash = createHash('sha256');
  const require = createRequire(join(appDir, 'package.json'));
  for (const pkg of ['next/package.json', 'react/package.json', 'react-dom/package.json']) {
    const { version } = JSON.parse(await readFile(require.resolve(pkg), 'utf8')) as { version: string };
    hash.update(`${pkg}@${version}\n`);
  }
  for (const file of (await sourceFiles(appDir, appDir, [])).sort()) {
    hash.update(`${file}\n`);
    hash.update(await readFile(join(appDir, file)));
  }
  return hash.digest('hex');
}

async function readStamp(outDir: string): Promise<string | undefined> {
  try {
    return (await readFile(join(outDir, stampFile), 'utf8')).trim();
  } catch {
    return undefined;
  }
}

function runNextBuild(appDir: string, env: Record<string, string | undefined>, log: Logger): Promise<void> {
  const require = createRequire(join(appDir, 'package.json'));
  const nextBin = require.resolve('next/dist/bin/next');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, 'build'], {
      cwd: appDir,
      env: { ...env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) return resolve();
      log.error({ output }, 'the web app build failed');
      reject(new AppError('internal_error', `The web app build failed (next build exited with ${String(code)}); its output is in the log`, { kind: 'operational' }));
    });
  });
}

/** Leaves a `.br` and a `.gz` beside each text asset, so the server sends them without compressing per request. */
async function precompress(outDir: string): Promise<void> {
  const files = (await readdir(outDir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile() && compressible.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
  for (const file of files) {
    if ((await stat(file)).size < 1024) continue;
    await pipeline(createReadStream(file), createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 10 } }), createWriteStream(`${file}.br`));
    await pipeline(createReadStream(file), createGzip({ level: 9 }), createWriteStream(`${file}.gz`));
  }
}

/**
 * Makes sure `outDir` holds a production build of the web app made from its
 * current sources: builds it when missing or stale (the sources' fingerprint
 * differs from the one the last build left), otherwise does nothing. The
 * first start after a change takes the build's time (tens of seconds).
 */
export async function ensureWebBuild(opts: { appDir: string; outDir: string; env: Record<string, string | undefined>; log: Logger }): Promise<'fresh' | 'built'> {
  const { appDir, outDir, env, log } = opts;
  const wanted = await webSourceHash(appDir);
  if ((await readStamp(outDir)) === wanted) return 'fresh';
  log.info({ appDir }, 'building the web app (its sources changed or it was never built)');
  process.stdout.write('Building the web app (first start, or its sources changed): this takes a minute...\n');
  const started = Date.now();
  await rm(outDir, { recursive: true, force: true });
  await runNextBuild(appDir, env, log);
  await precompress(outDir);
  // Fingerprinted after the build: Next.js may rewrite its own files (next-env.d.ts) while building.
  await writeFile(join(outDir, stampFile), `${await webSourceHash(appDir)}\n`);
  log.info({ seconds: Math.round((Date.now() - started) / 1000) }, 'web app built');
  return 'built';
}
