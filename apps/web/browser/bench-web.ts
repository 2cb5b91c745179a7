/**
 * `npm run bench:web [-- --contacts 100000 --queries 20 --runs 5 --row-selector '<css>' --keep]`
 *
 * How fast the web app feels on a big workspace, measured in Debian's chromium
 * against the real server serving a production build:
 *   - navigation → first rows of the contacts table (cold cache and warm),
 *   - keystroke → Ctrl-K results on screen, per keystroke, over ~20 typed queries,
 *   - the JavaScript the contacts page ships (transferred and uncompressed),
 * each beside its target, and beside baselines taken in the same run on the
 * same server: a static hello page, the app shell (/my-work), and the raw API
 * calls the pages make. The workspace is the demo one, filled by the real
 * seeder (`apps/server/src/cli/seed.ts`). A measurement script, not a test:
 * it prints a table and writes `.bench/web.json`; a page that is not built
 * yet is reported and skipped, not failed.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, BrowserContext, Page, Request, Response } from 'playwright-core';
import { builtRoutes, desktopViewport, launchChromium, makeDataDir, prepareWebBuild, repoRoot, runTs, serverEnv, startServer } from './web-server';

const usage = `Usage: npm run bench:web -- [options]
  --contacts N        contacts to seed into the demo workspace (default 100000)
  --queries N         queries typed into Ctrl-K, key by key (default 20)
  --runs N            navigations per page, cold and warm each (default 5)
  --row-selector CSS  a data row of the contacts table (default: ARIA grid rows, else table body rows)
  --keep              keep the seeded data folder (its path is printed)
Environment: BROWSER_WEB_OUT=<folder of a web build> skips the build; CHROMIUM_PATH picks the browser.
`;

const defaultRowSelector = '[role="row"][aria-rowindex]:has([role="gridcell"]), tbody tr';
const targets = { firstRowsMs: 1000, searchKeystrokeMs: 150 } as const;
const demo = { email: process.env.NEXUS_DEMO_EMAIL ?? 'demo@nexuscrm.local', password: process.env.NEXUS_DEMO_PASSWORD ?? 'nexus-demo-password' };

const say = (line = '') => void process.stdout.write(`${line}\n`);

interface Options {
  contacts: number;
  queries: number;
  runs: number;
  rowSelector: string;
  keep: boolean;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      contacts: { type: 'string', default: '100000' },
      queries: { type: 'string', default: '20' },
      runs: { type: 'string', default: '5' },
      'row-selector': { type: 'string', default: defaultRowSelector },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(usage);
    process.exit(0);
  }
  const whole = (name: string, text: string, min: number, max: number) => {
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}\n\n${usage}`);
    return n;
  };
  return {
    contacts: whole('contacts', values.contacts, 1, 10_000_000),
    queries: whole('queries', values.queries, 1, 200),
    runs: whole('runs', values.runs, 1, 50),
    rowSelector: values['row-selector'],
    keep: values.keep,
  };
}

// ---- figures ------------------------------------------------------------------

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

interface Figure {
  p50: number;
  p95: number;
  n: number;
}
const figure = (values: readonly number[]): Figure => ({ p50: percentile(values, 50), p95: percentile(values, 95), n: values.length });
const ms = (value: number) => (Number.isFinite(value) ? `${value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString('en')} ms` : '-');
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

// ---- seeding and the server ---------------------------------------------------------

async function seed(dataDir: string, webOut: string, contacts: number): Promise<void> {
  say(`Seeding ${contacts.toLocaleString('en')} contacts into the demo workspace (${dataDir}) ...`);
  let last = '';
  const code = await runTs('apps/server/src/cli/seed.ts', ['--contacts', String(contacts)], serverEnv({ port: 0, dataDir, webOut }), (chunk) => {
    last = (last + chunk).slice(-4000);
    // The seeder rewrites one progress line with \r; show its lines as they end.
    for (const line of chunk.split(/[\r\n]+/)) if (/Seeded|rebuilt/.test(line)) say(`  ${line.trim()}`);
  });
  if (code !== 0) throw new Error(`the seeder exited with ${String(code)}:\n${last}`);
}

async function apiToken(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(demo) });
  const body = (await res.json()) as { token?: string };
  if (!res.ok || !body.token) throw new Error(`signing in as ${demo.email} failed (${res.status})`);
  return body.token;
}

/** Wall time of one API call from this process, body read in full. */
async function timeApi(baseUrl: string, token: string, path: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`GET ${path} answered ${res.status}`);
  return performance.now() - started;
}

// ---- the browser -----------------------------------------------------------------

declare global {
  interface Window {
    /** When the page's ready element first appeared, on the navigation's clock. */
    __benchReadyAt?: number;
    /** Per typed text: when its input event fired, and the frame after its results were on screen. */
    __benchSearch?: { inputAt: Record<string, number>; shownAt: Record<string, number> };
  }
}

/**
 * A signed-in visitor whose pages record, from the navigation's own clock
 * (`performance.now()` counts from navigation start), the moment the first
 * element matching `readySelector` is in the DOM.
 */
async function signedInContext(browser: Browser, baseUrl: string, readySelector: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: desktopViewport });
  // A string, not a function: tsx would wrap a named function in a helper (`__name`) that the page does not have.
  await context.addInitScript(`
    new MutationObserver(() => {
      if (window.__benchReadyAt === undefined && document.querySelector(${JSON.stringify(readySelector)})) window.__benchReadyAt = performance.now();
    }).observe(document, { childList: true, subtree: true });
  `);
  const res = await context.request.post('/api/v1/auth/login', { headers: { 'x-nexus-client': 'web' }, data: demo });
  if (!res.ok()) throw new Error(`signing in in the browser failed (${res.status()})`);
  return context;
}

interface ScriptBytes {
  files: number;
  transferred: number;
  uncompressed: number;
}

/** Navigates and waits for the ready element; returns its time from navigation start. */
async function timeNavigation(page: Page, path: string, readySelector: string, timeoutMs: number): Promise<number> {
  await page.goto(path, { waitUntil: 'commit' });
  try {
    await page.waitForFunction(() => window.__benchReadyAt !== undefined, null, { timeout: timeoutMs, polling: 50 });
  } catch (error) {
    if (error instanceof Error) error.message = `${path} showed nothing matching ${readySelector} within ${timeoutMs} ms (it is at ${page.url()}): ${error.message}`;
    throw error;
  }
  return page.evaluate(() => window.__benchReadyAt ?? Number.NaN);
}

interface ApiCall {
  call: string;
  /** From the request's start to the last byte of its answer. */
  ms: number;
}

interface PageFigures {
  cold: Figure;
  warm: Figure;
  js: ScriptBytes;
  /** The API calls of the first cold load, in the order they started: where the time goes. */
  apiCalls: ApiCall[];
}

/**
 * Cold: a new visitor each time (empty cache). Warm: the same visitor again
 * (scripts cached, as on every visit after the first). The scripts of the
 * first cold load are counted: what a first visit downloads.
 */
async function measurePage(browser: Browser, baseUrl: string, path: string, readySelector: string, runs: number): Promise<PageFigures> {
  const cold: number[] = [];
  let js: ScriptBytes = { files: 0, transferred: 0, uncompressed: 0 };
  const apiCalls: ApiCall[] = [];
  for (let i = 0; i < runs; i += 1) {
    const context = await signedInContext(browser, baseUrl, readySelector);
    const page = await context.newPage();
    const scripts: Response[] = [];
    const apiRequests: Request[] = [];
    if (i === 0) {
      page.on('response', (res) => {
        if (res.request().resourceType() === 'script') scripts.push(res);
      });
      page.on('request', (req) => {
        if (new URL(req.url()).pathname.startsWith('/api/')) apiRequests.push(req);
      });
    }
    cold.push(await timeNavigation(page, path, readySelector, 30_000));
    if (i === 0) {
      await page.waitForLoadState('networkidle');
      js = { files: scripts.length, transferred: 0, uncompressed: 0 };
      for (const res of scripts) {
        js.transferred += (await res.request().sizes()).responseBodySize;
        js.uncompressed += (await res.body()).byteLength;
      }
      for (const req of apiRequests) {
        const url = new URL(req.url());
        apiCalls.push({ call: `${req.method()} ${decodeURIComponent(url.pathname + url.search)}`, ms: req.timing().responseEnd });
      }
    }
    await context.close();
  }
  const context = await signedInContext(browser, baseUrl, readySelector);
  const page = await context.newPage();
  await timeNavigation(page, path, readySelector, 30_000);
  const warm: number[] = [];
  for (let i = 0; i < runs; i += 1) warm.push(await timeNavigation(page, path, readySelector, 30_000));
  await context.close();
  return { cold: figure(cold), warm: figure(warm), js, apiCalls };
}

/**
 * Types each query into a fresh Ctrl-K palette, one key at a time, and takes
 * for every keystroke the time from its input event to the frame after the
 * results for that text are on screen (the listbox says which query its
 * results answer in `data-results-for`). The next key is pressed only once
 * they are: each keystroke is measured on its own, with no debounce bursts.
 */
async function measureSearch(browser: Browser, baseUrl: string, queries: string[]): Promise<{ keystrokes: Figure; perQueryLast: Figure; timeouts: number }> {
  const context = await signedInContext(browser, baseUrl, 'main h1');
  const page = await context.newPage();
  await timeNavigation(page, '/my-work', 'main h1', 30_000);
  const latencies: number[] = [];
  const lastKey: number[] = [];
  let timeouts = 0;
  for (const [index, query] of queries.entries()) {
    await page.keyboard.press('Control+k');
    const box = page.getByRole('dialog', { name: 'Search' }).getByRole('combobox', { name: 'Search' });
    await box.waitFor({ timeout: 10_000 });
    await page.evaluate(() => {
      const state = { inputAt: {} as Record<string, number>, shownAt: {} as Record<string, number> };
      window.__benchSearch = state;
      const input = document.querySelector<HTMLInputElement>('[role="dialog"] [role="combobox"]');
      input?.addEventListener('input', () => {
        state.inputAt[input.value.trim()] ??= performance.now();
      });
      const listbox = document.querySelector('[role="dialog"] [role="listbox"]');
      if (!listbox) return;
      new MutationObserver(() => {
        const term = listbox.getAttribute('data-results-for') ?? '';
        if (term && state.shownAt[term] === undefined) requestAnimationFrame(() => void (state.shownAt[term] ??= performance.now()));
      }).observe(listbox, { attributes: true, attributeFilter: ['data-results-for'] });
    });
    let typed = '';
    let last = Number.NaN;
    for (const char of query) {
      typed += char;
      await page.keyboard.type(char);
      const term = typed.trim();
      if (term === typed.slice(0, -1).trim()) continue;
      try {
        await page.waitForFunction((t) => window.__benchSearch?.shownAt[t] !== undefined, term, { timeout: 5_000, polling: 'raf' });
      } catch {
        timeouts += 1;
        continue;
      }
      const took = await page.evaluate((t) => (window.__benchSearch?.shownAt[t] ?? Number.NaN) - (window.__benchSearch?.inputAt[t] ?? Number.NaN), term);
      // The first two queries warm the server and the page up; they are typed but not counted.
      if (index >= 2 && Number.isFinite(took)) latencies.push(took);
      last = took;
    }
    if (index >= 2 && Number.isFinite(last)) lastKey.push(last);
    await page.keyboard.press('Escape');
    await box.waitFor({ state: 'detached', timeout: 10_000 });
  }
  await context.close();
  return { keystrokes: figure(latencies), perQueryLast: figure(lastKey), timeouts };
}

/** Queries a person would type for the seeded contacts: a first and last name, or a last name and its number. */
async function pickQueries(baseUrl: string, token: string, count: number): Promise<string[]> {
  const res = await fetch(`${baseUrl}/api/v1/contacts?limit=200&sort=-createdAt`, { headers: { authorization: `Bearer ${token}` } });
  const { data } = (await res.json()) as { data: { firstName: string | null; lastName: string | null }[] };
  const queries: string[] = [];
  for (let i = 0; queries.length < count + 2 && i < data.length; i += 7) {
    const contact = data[i];
    const [lastWord = '', number = ''] = (contact?.lastName ?? '').split(' ');
    const query = queries.length % 2 === 0 ? `${contact?.firstName ?? ''} ${lastWord}` : `${lastWord} ${number}`;
    if (query.trim().length >= 3 && !queries.includes(query.trim())) queries.push(query.trim());
  }
  return queries;
}

// ---- the run ------------------------------------------------------------------

function verdict(value: number, target: number): string {
  if (!Number.isFinite(value)) return '';
  return value <= target ? 'meets' : 'MISSES';
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = performance.now();
  const cleanups: Array<() => Promise<void>> = [];
  const notes: string[] = [];
  try {
    const webOut = await prepareWebBuild((line) => say(line));
    const routes = await builtRoutes(webOut);
    const hasContacts = routes.includes('/contacts');
    if (!hasContacts) notes.push('The contacts page is not built yet (apps/web/src/app/(app)/contacts/page.tsx): first rows and its JavaScript were not measured.');

    // The baseline page: the same server, the same browser, no application code.
    const helloFile = join(webOut, 'bench-hello.html');
    await writeFile(helloFile, '<!doctype html><html><head><meta charset="utf-8"><title>Hello</title></head><body><h1>Hello</h1></body></html>\n');
    cleanups.push(() => rm(helloFile, { force: true }));

    const dataDir = await makeDataDir();
    cleanups.push(async () => {
      if (options.keep) say(`Data kept in ${dataDir}`);
      else await rm(dataDir, { recursive: true, force: true });
    });
    const seedStarted = performance.now();
    await seed(dataDir, webOut, options.contacts);
    const seedSeconds = (performance.now() - seedStarted) / 1000;

    // API role only: the worker would spend minutes embedding the seeded
    // contacts, and type-ahead search (keyword mode) does not need the vectors.
    const server = await startServer({ webOut, dataDir, extra: { NEXUS_ROLES: 'api' }, readyTimeoutMs: 300_000 });
    cleanups.push(server.stop);
    say(`Server ready at ${server.url}`);
    const token = await apiToken(server.url);

    const browser = await launchChromium();
    cleanups.push(() => browser.close());

    say('Measuring pages ...');
    const hello = await measurePage(browser, server.url, '/bench-hello', 'h1', options.runs);
    const shell = await measurePage(browser, server.url, '/my-work', 'main h1', options.runs);
    let contacts: PageFigures | undefined;
    if (hasContacts) {
      try {
        contacts = await measurePage(browser, server.url, '/contacts', options.rowSelector, options.runs);
      } catch (error) {
        if (!(error instanceof Error && error.name === 'TimeoutError')) throw error;
        notes.push(`The contacts page showed no row matching ${JSON.stringify(options.rowSelector)} within 30 s: is the table built? Pass --row-selector '<css of a data row>' if its markup differs.`);
      }
    }

    say('Measuring the raw API ...');
    const queries = await pickQueries(server.url, token, options.queries);
    const listPath = '/api/v1/contacts?limit=40&sort=-createdAt';
    const apiList: number[] = [];
    const apiMe: number[] = [];
    for (let i = 0; i < options.runs * 4; i += 1) {
      apiList.push(await timeApi(server.url, token, listPath));
      apiMe.push(await timeApi(server.url, token, '/api/v1/auth/me'));
    }
    const apiSearch: number[] = [];
    for (const query of queries) {
      for (let end = 1; end <= query.length; end += 1) {
        const term = query.slice(0, end).trim();
        if (term) apiSearch.push(await timeApi(server.url, token, `/api/v1/search?q=${encodeURIComponent(term)}&types=contacts,companies,deals,activities&limit=20&mode=keyword`));
      }
    }

    say(`Typing ${queries.length} queries into Ctrl-K (the first two warm up): ${queries.map((q) => JSON.stringify(q)).join(', ')}`);
    let search: Awaited<ReturnType<typeof measureSearch>> | undefined;
    try {
      search = await measureSearch(browser, server.url, queries);
    } catch (error) {
      if (!(error instanceof Error && error.name === 'TimeoutError')) throw error;
      notes.push('Ctrl-K did not open a search box (a combobox named "Search" in a dialog named "Search"): search was not measured.');
    }
    if (search && search.timeouts > 0) notes.push(`${search.timeouts} keystrokes showed no results within 5 s and are not counted.`);

    const load = loadavg()[0] ?? 0;
    say();
    say(`Web app speed: ${options.contacts.toLocaleString('en')} contacts (seeded in ${seedSeconds.toFixed(1)} s), PGlite, headless ${browser.version()}, load ${load.toFixed(2)} on ${availableParallelism()} cores`);
    say();
    const row = (label: string, f: Figure | undefined, target?: number) =>
      say(`  ${label.padEnd(48)} ${ms(f?.p50 ?? Number.NaN).padStart(9)} ${ms(f?.p95 ?? Number.NaN).padStart(9)}   ${target === undefined ? '' : `≤ ${ms(target)}  ${verdict(f?.p95 ?? Number.NaN, target)}`}`);
    say(`  ${''.padEnd(48)} ${'p50'.padStart(9)} ${'p95'.padStart(9)}   target (on p95)`);
    row('Contacts: navigation → first rows, cold cache', contacts?.cold, targets.firstRowsMs);
    row('Contacts: navigation → first rows, warm cache', contacts?.warm, targets.firstRowsMs);
    row('Ctrl-K: keystroke → results on screen', search?.keystrokes, targets.searchKeystrokeMs);
    row('Ctrl-K: last keystroke of a query → results', search?.perQueryLast);
    say('  Baselines, same server and browser');
    row('  static hello page, cold', hello.cold);
    row('  static hello page, warm', hello.warm);
    row('  app shell /my-work → heading, cold', shell.cold);
    row('  app shell /my-work → heading, warm', shell.warm);
    row(`  API ${listPath}`, figure(apiList));
    row('  API /api/v1/search (keyword), per keystroke', figure(apiSearch));
    row('  API /api/v1/auth/me', figure(apiMe));
    say();
    const jsLine = (label: string, js: ScriptBytes | undefined) =>
      say(`  ${label.padEnd(48)} ${js ? `${js.files} files, ${kb(js.transferred)} transferred, ${kb(js.uncompressed)} uncompressed` : '-'}`);
    say('  JavaScript on a first visit');
    jsLine('/contacts', contacts?.js);
    jsLine('/my-work (baseline: the shell alone)', shell.js);
    if (contacts) {
      say('  API calls of a first visit to /contacts (request start → last byte)');
      for (const call of contacts.apiCalls) say(`    ${ms(call.ms).padStart(9)}  ${call.call.length > 110 ? `${call.call.slice(0, 107)}...` : call.call}`);
    }
    for (const note of notes) say(`\nNote: ${note}`);

    const reportDir = join(repoRoot, '.bench');
    await mkdir(reportDir, { recursive: true });
    const report = { at: new Date().toISOString(), options, queries, seedSeconds, load, targets, contacts, search, hello, shell, api: { list: figure(apiList), search: figure(apiSearch), me: figure(apiMe) }, notes };
    await writeFile(join(reportDir, 'web.json'), `${JSON.stringify(report, null, 2)}\n`);
    say(`\nWrote .bench/web.json`);
  } finally {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => process.stderr.write(`cleanup failed: ${error instanceof Error ? error.message : String(error)}\n`));
    }
    say(`Wall time ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:web failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
