/**
 * The real thing, for browser tests and the web benchmark: a production build
 * of the web app and the NexusCRM server process serving it on a free port,
 * with a database of its own in a fresh temporary folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { constants, createBrotliCompress, createGzip } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const webAppDir = join(repoRoot, 'apps/web');
/** The suite's own build folder, so it never shares one with `npm start` (`out/`) or a developer's build. */
export const browserDistDir = '.next-browser';
export const screenshotDir = join(webAppDir, 'screenshots');

export const desktopViewport = { width: 1440, height: 900 } as const;
export const phoneViewport = { width: 375, height: 812 } as const;

type Say = (line: string) => void;

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no free port'))));
    });
  });
}

function run(command: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', fail);
    child.once('close', (code) => done({ code, output }));
  });
}

/**
 * Leaves a `.br` and a `.gz` beside each text asset, as the server's own build
 * step does (apps/server/src/internal/web-build.ts), so the suite is served
 * what production serves: precompressed JavaScript, not raw.
 */
async function precompress(outDir: string): Promise<void> {
  const entries = await readdir(outDir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile() || !/\.(js|css|html|txt|json|svg|map)$/.test(entry.name)) continue;
    const file = join(entry.parentPath, entry.name);
    if ((await stat(file)).size < 1024) continue;
    await pipeline(createReadStream(file), createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 10 } }), createWriteStream(`${file}.br`));
    await pipeline(createReadStream(file), createGzip({ level: 9 }), createWriteStream(`${file}.gz`));
  }
}

/**
 * The folder of a finished web build: `BROWSER_WEB_OUT` when it names one
 * (to skip the 30-60 s build while iterating on tests), otherwise a fresh
 * `next build` into apps/web/.next-browser.
 */
export async function prepareWebBuild(say: Say = () => undefined): Promise<string> {
  const given = process.env.BROWSER_WEB_OUT;
  if (given) {
    const dir = resolve(repoRoot, given);
    if (existsSync(join(dir, 'index.html'))) {
      say(`using the web build in ${relative(repoRoot, dir) || dir} (BROWSER_WEB_OUT)`);
      return dir;
    }
    say(`BROWSER_WEB_OUT=${given} holds no build (no index.html); building one`);
  }
  const outDir = join(webAppDir, browserDistDir);
  say(`building the web app into ${relative(repoRoot, outDir)} ...`);
  const started = performance.now();
  const nextBin = join(repoRoot, 'node_modules/next/dist/bin/next');
  const build = () =>
    run(process.execPath, [nextBin, 'build'], {
      cwd: webAppDir,
      env: { ...process.env, NEXUS_WEB_DIST_DIR: browserDistDir, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
    });
  let { code, output } = await build();
  // Next.js locks its build folder: another suite or bench run is building the same one. Wait for it.
  for (let attempt = 1; code !== 0 && output.includes('Another next build process is already running') && attempt <= 30; attempt += 1) {
    say(`another build holds ${relative(repoRoot, outDir)}; waiting for it (${attempt}/30)`);
    await new Promise((done) => setTimeout(done, 10_000));
    ({ code, output } = await build());
  }
  if (code !== 0 || !existsSync(join(outDir, 'index.html'))) {
    throw new Error(`next build failed (exit ${String(code)}); its last output:\n${output}`);
  }
  await precompress(outDir);
  say(`web app built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return outDir;
}

/** The pages a build holds, as routes: `/login`, `/contacts`, `/contacts/_` (a dynamic record page's shell). */
export async function builtRoutes(outDir: string): Promise<string[]> {
  const entries = await readdir(outDir, { recursive: true, withFileTypes: true });
  const routes: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
    const path = relative(outDir, join(entry.parentPath, entry.name)).split(sep).join('/');
    if (path.startsWith('_next/')) continue;
    const route = `/${path.replace(/\.html$/, '').replace(/(^|\/)index$/, '')}`;
    routes.push(route === '/' ? route : route.replace(/\/$/, ''));
  }
  return routes.sort();
}

export interface RunningServer {
  url: string;
  dataDir: string;
  /** What the process printed so far (its last 20,000 characters), for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
}

// A test run that is interrupted must not leave a server behind: each started
// process group is killed when this process exits, however it exits.
const liveGroups = new Set<number>();
process.once('exit', () => {
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is already gone
  }
}

/** Runs a TypeScript entry point of the repository (`apps/server/src/main.ts`) with tsx, in a process group of its own. */
export function spawnTs(entry: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', entry, ...args], { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs a TypeScript entry point to its end (a CLI such as the seeder), passing its output on; killed with this process. */
export async function runTs(entry: string, args: string[], env: NodeJS.ProcessEnv, onOutput: (chunk: string) => void): Promise<number | null> {
  const child = spawnTs(entry, args, env);
  if (child.pid !== undefined) liveGroups.add(child.pid);
  child.stdout?.on('data', (chunk: Buffer) => onOutput(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => onOutput(chunk.toString()));
  const code = await new Promise<number | null>((done, fail) => {
    child.once('error', fail);
    child.once('exit', (exitCode) => done(exitCode));
  });
  killGroup(child, 'SIGKILL');
  if (child.pid !== undefined) liveGroups.delete(child.pid);
  return code;
}

/**
 * The environment of a server of our own: a fresh PGlite folder, none of the
 * developer's databases or search services (a test must never write into
 * them), no demo workspace unless asked.
 */
export function serverEnv(opts: { port: number; dataDir: string; webOut: string; extra?: Record<string, string> }): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'ELASTICSEARCH_URL', 'PINECONE_API_KEY', 'NEXUS_ROLES']) delete env[name];
  return {
    ...env,
    PORT: String(opts.port),
    HOST: '127.0.0.1',
    NEXUS_DATA_DIR: opts.dataDir,
    NEXUS_WEB: 'prebuilt',
    NEXUS_WEB_OUT_DIR: opts.webOut,
    NEXUS_DEMO: 'false',
    LOG_LEVEL: 'warn',
    ...opts.extra,
  };
}

export async function makeDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'nexus-browser-'));
}

/**
 * Starts `apps/server/src/main.ts` on a free port and waits for /readyz. With
 * no `dataDir` given it makes a fresh one and removes it on stop.
 */
export async function startServer(opts: { webOut: string; dataDir?: string; extra?: Record<string, string>; readyTimeoutMs?: number }): Promise<RunningServer> {
  const ownDataDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? (await makeDataDir());
  const port = await freePort();
  const child = spawnTs('apps/server/src/main.ts', [], serverEnv({ port, dataDir, webOut: opts.webOut, extra: opts.extra }));
  if (child.pid !== undefined) liveGroups.add(child.pid);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    // The server may have left workers of its own in the group.
    killGroup(child, 'SIGKILL');
    if (child.pid !== undefined) liveGroups.delete(child.pid);
    if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 120_000);
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited before it was ready:\n${output}`);
      try {
        const res = await fetch(`${url}/readyz`);
        if (res.status === 200) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`the server was not ready within ${opts.readyTimeoutMs ?? 120_000} ms:\n${output}`);
      await new Promise((done) => setTimeout(done, 200));
    }
    const home = await fetch(`${url}/login`);
    if (home.status !== 200) throw new Error(`the server answers /readyz but does not serve the web app (GET /login: ${home.status}):\n${output}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, dataDir, output: () => output, stop };
}

/** Debian's chromium (or CHROMIUM_PATH), headless, as it runs in a container. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
}

/**
 * Writes `apps/web/screenshots/<name>-desktop.png` (1440×900) and
 * `<name>-phone.png` (375×812) of what the page shows now, then gives the page
 * its viewport back.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(screenshotDir, { recursive: true });
  const before = page.viewportSize();
  for (const [label, size] of [
    ['desktop', desktopViewport],
    ['phone', phoneViewport],
  ] as const) {
    await page.setViewportSize(size);
    // Let layout settle (media queries, a sidebar that collapses) before the picture.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    await page.screenshot({ path: join(screenshotDir, `${name}-${label}.png`), fullPage: true, animations: 'disabled', caret: 'hide' });
  }
  if (before) await page.setViewportSize(before);
}
