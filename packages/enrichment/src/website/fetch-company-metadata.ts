import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { AppError } from '@nexus/platform';
import robotsParser from 'robots-parser';
import type { CompanyFields, FieldCandidates } from '../fields';
import { cleanLine } from '../internal/text';
import { parseWebUrl } from '../normalise/url';
import { checkAddress, parseCidrs } from './address-policy';
import { companyCandidatesFromWebsite } from './company-candidates';
import { decodeHtml } from './decode-html';
import { extractCompanyMetadata, type CompanyMetadata } from './extract-metadata';
import { createFetchTransport, createPinnedTransport, type Transport, type TransportResult } from './transport';

export interface FetchCompanyMetadataDeps {
  /**
   * Send requests through this fetch instead of the built-in pinned client.
   * Every hop is still checked, but the connection cannot be pinned to the
   * checked address, so only use a fetch that enforces egress rules itself.
   */
  fetch?: typeof fetch;
  /** DNS resolution; defaults to the system resolver (getaddrinfo, all addresses). */
  resolve?: (host: string) => Promise<string[]>;
  /** Allow private, loopback and other non-public addresses and any port (on-premise installs, tests). */
  allowPrivate?: boolean;
  /** Addresses or CIDRs opened on purpose while the rest stay blocked ("10.1.2.0/24"). */
  allowAddresses?: readonly string[];
  /** Ports allowed without allowPrivate; defaults to 80 and 443. */
  allowedPorts?: readonly number[];
  /** Whole call, DNS and robots.txt included. Default 10 s. */
  timeoutMs?: number;
  /** Largest page body read (after decompression). Default 2 MiB. */
  maxBytes?: number;
  /** Sent on every request; its first word is the robots.txt user-agent token. */
  userAgent?: string;
  now?: () => Date;
  /** Cancels the call (a shutting-down worker). */
  signal?: AbortSignal;
}

export type FetchFailureReason = 'ssrf_blocked' | 'robots_disallowed' | 'timeout' | 'too_large' | 'not_html' | 'http_error' | 'invalid_url' | 'dns_failed' | 'network';

export type CompanyMetadataResult =
  | { ok: true; metadata: CompanyMetadata; candidates: FieldCandidates<CompanyFields>; fetchedAt: string; finalUrl: string }
  | { ok: false; reason: FetchFailureReason; detail: string; status?: number };

type Failure = Extract<CompanyMetadataResult, { ok: false }>;

export const defaultUserAgent = 'NexusCRM-Enrichment/1.0 (+https://github.com/nexuscrm; company metadata)';
const maxRedirects = 3;
/** RFC 9309 asks crawlers to parse at least 500 KiB of robots.txt; we read that much and ignore the rest. */
const maxRobotsBytes = 512 * 1024;

interface Context {
  transport: Transport;
  resolve: (host: string) => Promise<string[]>;
  allowPrivate: boolean;
  allow: ReturnType<typeof parseCidrs>;
  allowedPorts: readonly number[];
  maxBytes: number;
  userAgent: string;
  robotsToken: string;
  signal: AbortSignal;
  timeout: AbortSignal;
  /** Per call: each host is resolved once, so robots.txt and the page connect to the same checked addresses. */
  dns: Map<string, Promise<string[]>>;
  robots: Map<string, Promise<RobotsVerdict>>;
}

type RobotsVerdict = { ok: true; isAllowed: (url: string) => boolean } | Failure;

const fail = (reason: FetchFailureReason, detail: string, status?: number): Failure => (status === undefined ? { ok: false, reason, detail } : { ok: false, reason, detail, status });

async function systemResolve(host: string): Promise<string[]> {
  const entries = await dnsLookup(host, { all: true, verbatim: true });
  return entries.map((e) => e.address);
}

/** Rejects when the signal fires, for work that takes no signal (DNS). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function classifyError(error: unknown, ctx: Context): Failure {
  if (ctx.timeout.aborted) return fail('timeout', 'the site did not answer in time');
  if (ctx.signal.aborted) return fail('network', 'cancelled');
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return fail('network', cleanLine(`${typeof code === 'string' ? `${code}: ` : ''}${message}`).slice(0, 300));
}

/** Scheme, credentials, port, DNS and address checks for one hop. */
async function checkTarget(ctx: Context, url: URL): Promise<{ ok: true; addresses: string[] } | Failure> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return fail('ssrf_blocked', `scheme ${url.protocol} is not allowed`);
  if (url.username !== '' || url.password !== '') return fail('ssrf_blocked', 'URLs with credentials are not fetched');
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  if (!ctx.allowPrivate && !ctx.allowedPorts.includes(port)) return fail('ssrf_blocked', `port ${port} is not allowed`);
  const host = url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  let addresses: string[];
  if (isIP(host) !== 0) {
    addresses = [host];
  } else {
    let pending = ctx.dns.get(host);
    if (!pending) {
      pending = untilAborted(ctx.resolve(host), ctx.signal);
      ctx.dns.set(host, pending);
    }
    try {
      addresses = (await pending).filter((a) => isIP(a) !== 0);
    } catch (error) {
      if (ctx.signal.aborted) return classifyError(error, ctx);
      const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
      return fail('dns_failed', `${host}: ${typeof code === 'string' ? code : error instanceof Error ? error.message : 'lookup failed'}`.slice(0, 300));
    }
    if (addresses.length === 0) return fail('dns_failed', `${host} has no address`);
  }
  if (!ctx.allowPrivate) {
    // Every address must pass: a resolver answering one public and one
    // private address must not get the private one tried on failover.
    for (const address of addresses) {
      const verdict = checkAddress(address, ctx.allow);
      if (!verdict.allowed) return fail('ssrf_blocked', `${host} resolves to ${address} (${verdict.range})`);
    }
  }
  return { ok: true, addresses };
}

type Hop = { ok: true; url: URL; result: Extract<TransportResult, { kind: 'response' }> } | Failure;

/** GET with manual redirects; every hop is checked (and, for pages, checked against robots.txt) before we connect. */
async function guardedGet(ctx: Context, start: URL, purpose: 'page' | 'robots'): Promise<Hop> {
  let url = start;
  for (let hop = 0; ; hop += 1) {
    const target = await checkTarget(ctx, url);
    if (!target.ok) return target;
    if (purpose === 'page') {
      const robots = await robotsFor(ctx, url);
      if (!robots.ok) return robots;
      if (!robots.isAllowed(url.href)) return fail('robots_disallowed', `robots.txt of ${url.host} disallows ${url.pathname}`);
    }
    let result: TransportResult;
    try {
      result = await ctx.transport({
        url,
        addresses: target.addresses,
        headers:
          purpose === 'page'
            ? { 'user-agent': ctx.userAgent, accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1', 'accept-language': 'en;q=0.9,*;q=0.5', 'accept-encoding': 'gzip, deflate, br' }
            : { 'user-agent': ctx.userAgent, accept: 'text/plain,*/*;q=0.1', 'accept-encoding': 'gzip, deflate, br' },
        signal: ctx.signal,
        maxBytes: purpose === 'page' ? ctx.maxBytes : maxRobotsBytes,
        overflow: purpose === 'page' ? 'fail' : 'truncate',
        wantBody: (status, header) => status >= 200 && status < 300 && (purpose === 'robots' || isHtml(header('content-type'))),
      });
    } catch (error) {
      return classifyError(error, ctx);
    }
    if (result.kind === 'too_large') return fail('too_large', result.detail);
    if (![301, 302, 303, 307, 308].includes(result.status)) return { ok: true, url, result };
    const location = result.header('location');
    if (!location) return fail('http_error', `redirect ${result.status} without a Location header`, result.status);
    if (hop >= maxRedirects) return fail('http_error', `more than ${maxRedirects} redirects`, result.status);
    if (!URL.canParse(location, url.href)) return fail('http_error', 'redirect to an invalid URL', result.status);
    url = new URL(location, url);
    url.hash = '';
  }
}

function robotsFor(ctx: Context, url: URL): Promise<RobotsVerdict> {
  const origin = url.origin;
  let verdict = ctx.robots.get(origin);
  if (!verdict) {
    verdict = loadRobots(ctx, origin);
    ctx.robots.set(origin, verdict);
  }
  return verdict;
}

const allowAll: RobotsVerdict = { ok: true, isAllowed: () => true };

async function loadRobots(ctx: Context, origin: string): Promise<RobotsVerdict> {
  const robotsUrl = new URL('/robots.txt', origin);
  const response = await guardedGet(ctx, robotsUrl, 'robots');
  if (!response.ok) {
    // RFC 9309: too many redirects means "unavailable" (allowed); anything we refused or could not reach stops the crawl.
    if (response.reason === 'http_error' && response.status !== undefined && response.status >= 300 && response.status < 400) return allowAll;
    return response;
  }
  const { status, body } = response.result;
  // RFC 9309 §2.3.1.3: 4xx means no rules; §2.3.1.4: a server error means assume complete disallow.
  if (status >= 400 && status < 500) return allowAll;
  if (status >= 500 || status < 200) return fail('robots_disallowed', `robots.txt unreachable (HTTP ${status}): crawling treated as disallowed`, status);
  const robots = robotsParser(response.url.href, body.toString('utf8'));
  return {
    ok: true,
    isAllowed: (pageUrl) => {
      const page = new URL(pageUrl);
      // robots-parser answers only for its own origin; a cross-origin final robots URL (after a redirect) applies to our origin.
      const asRobotsOrigin = new URL(`${page.pathname}${page.search}`, response.url.origin).href;
      return robots.isAllowed(asRobotsOrigin, ctx.robotsToken) !== false;
    },
  };
}

function isHtml(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  return type === 'text/html' || type === 'application/xhtml+xml';
}

/**
 * Fetches a company's website and extracts its name, description, logo,
 * social profiles and JSON-LD Organization, safely:
 * - SSRF: only http(s) on ports 80/443; every host (and every redirect hop,
 *   at most 3) is resolved and refused if any address is private, loopback,
 *   link-local, CGNAT, multicast, reserved, unique-local or an IPv4-mapped
 *   form of those; the socket connects to the checked address (no DNS rebinding);
 * - robots.txt honoured (fetched with the same protections, once per origin per call);
 * - one deadline for the whole call, a body size cap, text/html only, charset decoded.
 * Network conditions come back as `{ ok: false, reason }`; this never throws for them.
 *
 * @example
 * const result = await fetchCompanyMetadata('acme.com', { timeoutMs: 8000, maxBytes: 2_000_000 });
 * if (result.ok) result.candidates.name; // { value: 'Acme Robotics', provenance: { source: 'website', … } }
 */
export async function fetchCompanyMetadata(input: string, deps: FetchCompanyMetadataDeps = {}): Promise<CompanyMetadataResult> {
  const text = cleanLine(typeof input === 'string' ? input : '');
  if (text === '' || text.length > 2048) return fail('invalid_url', 'empty or longer than 2048 characters');
  const start = parseWebUrl(text);
  if (!start) return fail('invalid_url', 'not a URL');
  if (start.protocol !== 'http:' && start.protocol !== 'https:') return fail('invalid_url', `scheme ${start.protocol} is not a website`);
  start.hash = '';

  const timeout = AbortSignal.timeout(deps.timeoutMs ?? 10_000);
  const userAgent = deps.userAgent ?? defaultUserAgent;
  let allow: ReturnType<typeof parseCidrs>;
  try {
    allow = parseCidrs(deps.allowAddresses ?? []);
  } catch (error) {
    // A configuration bug, not a network condition: fail loudly.
    throw new AppError('internal_error', 'allowAddresses holds an invalid address or CIDR', { kind: 'unexpected', details: { allowAddresses: deps.allowAddresses }, cause: error });
  }
  const ctx: Context = {
    transport: deps.fetch ? createFetchTransport(deps.fetch) : createPinnedTransport(),
    resolve: deps.resolve ?? systemResolve,
    allowPrivate: deps.allowPrivate ?? false,
    allow,
    allowedPorts: deps.allowedPorts ?? [80, 443],
    maxBytes: deps.maxBytes ?? 2 * 1024 * 1024,
    userAgent,
    robotsToken: userAgent.split(/[\s/]/)[0] ?? '*',
    signal: deps.signal ? AbortSignal.any([timeout, deps.signal]) : timeout,
    timeout,
    dns: new Map(),
    robots: new Map(),
  };

  const page = await guardedGet(ctx, start, 'page');
  if (!page.ok) return page;
  const { status, header, body } = page.result;
  if (status < 200 || status >= 300) return fail('http_error', `HTTP ${status}`, status);
  const contentType = header('content-type');
  if (!isHtml(contentType)) return fail('not_html', `content-type ${cleanLine(contentType ?? 'missing').slice(0, 100)}`);
  const { html } = decodeHtml(body, contentType);
  const metadata = extractCompanyMetadata(html, page.url.href);
  const fetchedAt = (deps.now ?? (() => new Date()))();
  return { ok: true, metadata, candidates: companyCandidatesFromWebsite(metadata, page.url.href, fetchedAt), fetchedAt: fetchedAt.toISOString(), finalUrl: page.url.href };
}
