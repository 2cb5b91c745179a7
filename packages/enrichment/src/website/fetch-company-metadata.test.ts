import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchCompanyMetadata } from './fetch-company-metadata';
import { acmeHomePage } from './testing/acme-page';
import { startFakeWebsite, type FakeWebsite } from './testing/fake-website';

const html = { 'content-type': 'text/html; charset=utf-8' };
const now = () => new Date('2026-03-01T12:00:00Z');
let site: FakeWebsite | undefined;

async function start(routes: Parameters<typeof startFakeWebsite>[0]): Promise<FakeWebsite> {
  site = await startFakeWebsite(routes);
  return site;
}

afterEach(async () => {
  await site?.close();
  site = undefined;
});

/** A resolver for made-up names, so tests control what every host "resolves" to. */
function resolverOf(table: Record<string, string[]>): { resolve: (host: string) => Promise<string[]>; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    resolve: async (host) => {
      calls.push(host);
      const answer = table[host];
      if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      return answer;
    },
  };
}

describe('fetchCompanyMetadata: SSRF protection', () => {
  it('refuses a loopback site by default and never connects to it', async () => {
    const s = await start({ '/': { headers: html, body: acmeHomePage } });
    const onPort = await fetchCompanyMetadata(`${s.origin}/`, { now });
    expect(onPort).toMatchObject({ ok: false, reason: 'ssrf_blocked', detail: `port ${s.port} is not allowed` });
    const onAllowedPort = await fetchCompanyMetadata(`${s.origin}/`, { now, allowedPorts: [s.port] });
    expect(onAllowedPort).toMatchObject({ ok: false, reason: 'ssrf_blocked', detail: expect.stringContaining('127.0.0.1 (loopback)') });
    expect(s.requests).toHaveLength(0);
  });

  it.each([
    ['localhost by name', 'http://localhost/'],
    ['IPv6 loopback', 'http://[::1]/'],
    ['IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]/'],
    ['hex IPv4 loopback', 'http://0x7f.0.0.1/'],
    ['decimal IPv4 loopback', 'http://2130706433/'],
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['private network', 'http://10.0.0.8/'],
    ['CGNAT', 'http://100.64.0.1/'],
    ['IPv6 unique local', 'http://[fd00::1]/'],
    ['unspecified', 'http://0.0.0.0/'],
  ])('refuses %s', async (_name, url) => {
    const result = await fetchCompanyMetadata(url, { now, timeoutMs: 2000 });
    expect(result).toMatchObject({ ok: false, reason: 'ssrf_blocked' });
  });

  it('refuses a host when any of its addresses is private', async () => {
    const dns = resolverOf({ 'mixed.example': ['93.184.216.34', '10.1.2.3'] });
    const result = await fetchCompanyMetadata('https://mixed.example/', { now, resolve: dns.resolve });
    expect(result).toMatchObject({ ok: false, reason: 'ssrf_blocked', detail: 'mixed.example resolves to 10.1.2.3 (private)' });
  });

  it('blocks a redirect to a private address even when the first host is allowed', async () => {
    const dns = resolverOf({ 'www.acme.test': ['127.0.0.1'], 'metadata.internal.test': ['169.254.169.254'] });
    const s = await start({ '/robots.txt': { status: 404 } });
    s.route('/', { status: 302, headers: { location: `http://metadata.internal.test:${s.port}/latest/meta-data/` } });
    const result = await fetchCompanyMetadata(`http://www.acme.test:${s.port}/`, {
      now,
      resolve: dns.resolve,
      allowAddresses: ['127.0.0.1/32'],
      allowedPorts: [s.port],
    });
    expect(result).toMatchObject({ ok: false, reason: 'ssrf_blocked', detail: 'metadata.internal.test resolves to 169.254.169.254 (linkLocal)' });
    expect(s.requests.map((r) => r.path)).toEqual(['/robots.txt', '/']);
  });

  it('blocks redirects to other loopback addresses, other schemes and other ports', async () => {
    const dns = resolverOf({ 'www.acme.test': ['127.0.0.1'] });
    const s = await start({});
    const deps = { now, resolve: dns.resolve, allowAddresses: ['127.0.0.1'], allowedPorts: [s.port] };
    for (const [location, detail] of [
      [`http://127.0.0.2:${s.port}/`, '127.0.0.2 resolves to 127.0.0.2 (loopback)'],
      ['file:///etc/passwd', 'scheme file: is not allowed'],
      ['gopher://www.acme.test:70/', 'scheme gopher: is not allowed'],
      [`http://www.acme.test:${s.port + 1}/`, `port ${s.port + 1} is not allowed`],
      [`http://admin:secret@www.acme.test:${s.port}/`, 'URLs with credentials are not fetched'],
    ] as const) {
      s.route('/', { status: 301, headers: { location } });
      const result = await fetchCompanyMetadata(`http://www.acme.test:${s.port}/`, deps);
      expect(result).toMatchObject({ ok: false, reason: 'ssrf_blocked', detail });
    }
  });

  it('resolves each host once per call and connects to the address it checked (no DNS rebinding)', async () => {
    const s = await start({ '/robots.txt': { status: 404 }, '/': { headers: html, body: acmeHomePage } });
    const calls: string[] = [];
    // A rebinding resolver: harmless the first time, the metadata service afterwards.
    const resolve = async (host: string): Promise<string[]> => {
      calls.push(host);
      return calls.length === 1 ? ['127.0.0.1'] : ['169.254.169.254'];
    };
    const result = await fetchCompanyMetadata(`http://rebind.test:${s.port}/`, { now, resolve, allowAddresses: ['127.0.0.1'], allowedPorts: [s.port] });
    expect(result.ok).toBe(true);
    expect(calls).toEqual(['rebind.test']);
    expect(s.requests.map((r) => [r.path, r.headers.host])).toEqual([
      ['/robots.txt', `rebind.test:${s.port}`],
      ['/', `rebind.test:${s.port}`],
    ]);
  });

  it('gives up after three redirects', async () => {
    const s = await start({ '/robots.txt': { status: 404 } });
    for (const [from, to] of [['/', '/a'], ['/a', '/b'], ['/b', '/c'], ['/c', '/d']]) s.route(from as string, { status: 302, headers: { location: to as string } });
    s.route('/d', { headers: html, body: acmeHomePage });
    const result = await fetchCompanyMetadata(`${s.origin}/`, { now, allowPrivate: true });
    expect(result).toMatchObject({ ok: false, reason: 'http_error', detail: 'more than 3 redirects' });
    expect(s.requests.map((r) => r.path)).not.toContain('/d');
  });
});

describe('fetchCompanyMetadata: extraction', () => {
  it('extracts name, description, logo, social links and the JSON-LD Organization from a real-looking page', async () => {
    const s = await start({ '/robots.txt': { headers: { 'content-type': 'text/plain' }, body: 'User-agent: *\nDisallow: /admin\n' } });
    s.route('/', { status: 301, headers: { location: '/en/' } });
    s.route('/en/', { headers: { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' }, body: gzipSync(acmeHomePage) });
    const result = await fetchCompanyMetadata(`${s.origin}/?utm_source=newsletter`, { now, allowPrivate: true, userAgent: 'NexusCRM-Enrichment/1.0 (+test)' });
    if (!result.ok) throw new Error(`expected ok, got ${result.reason}: ${result.detail}`);
    expect(result.finalUrl).toBe(`${s.origin}/en/`);
    expect(result.fetchedAt).toBe('2026-03-01T12:00:00.000Z');
    const { metadata, candidates } = result;
    expect(metadata.name).toBe('Acme Robotics');
    expect(metadata.sources.name).toBe('og:site_name');
    expect(metadata.description).toBe('Acme Robotics builds collaborative robot arms for small factories.');
    expect(metadata.logoUrl).toBe('https://acme-robotics.co.uk/images/logo.svg');
    expect(metadata.faviconUrl).toBe(`${s.origin}/favicon-32.png`);
    expect(metadata.language).toBe('en-GB');
    expect(metadata.socialLinks).toEqual({
      linkedin: 'https://linkedin.com/company/acme-robotics',
      github: 'https://github.com/acme-robotics',
      youtube: 'https://youtube.com/@acmerobotics',
      twitter: 'https://x.com/acmerobotics',
      facebook: 'https://facebook.com/AcmeRobotics',
      instagram: 'https://instagram.com/acme.robotics',
    });
    expect(metadata.organization).toMatchObject({
      name: 'Acme Robotics Ltd',
      legalName: 'Acme Robotics Limited',
      telephone: '0161 496 0000',
      email: 'Hello@Acme-Robotics.co.uk',
      foundingDate: '2014-03-01',
      numberOfEmployees: { min: 51, max: 200 },
      industry: 'Industrial Automation',
      address: { street: '12 Mill Lane', city: 'Manchester', postalCode: 'M1 2AB', country: 'United Kingdom' },
    });
    const at = '2026-03-01T12:00:00.000Z';
    expect(candidates.name).toEqual({ value: 'Acme Robotics', provenance: { source: 'website', confidence: 0.85, at } });
    expect(candidates.address?.value).toEqual({ street: '12 Mill Lane', city: 'Manchester', postalCode: 'M1 2AB', country: 'GB' });
    expect(candidates.phone?.value).toBe('+441614960000');
    expect(candidates.email?.value).toBe('hello@acme-robotics.co.uk');
    expect(candidates.foundedYear?.value).toBe(2014);
    expect(candidates.size?.value).toBe('51-200');
    expect(candidates.timeZone?.value).toBe('Europe/London');
    expect(candidates.logoUrl?.provenance.confidence).toBe(0.9);
    // Robots.txt is fetched once per origin, before the first page request, with our user agent.
    expect(s.requests.map((r) => r.path)).toEqual(['/robots.txt', '/?utm_source=newsletter', '/en/']);
    expect(s.requests.every((r) => r.headers['user-agent'] === 'NexusCRM-Enrichment/1.0 (+test)')).toBe(true);
  });

  it('decodes a page by its declared charset, and by detection when none is declared', async () => {
    const page = '<html><head><title>Müller & Söhne GmbH – Präzisionsteile</title><meta name="description" content="Qualität aus Köln seit 1920. Wir fertigen Präzisionsteile für Maschinenbau, Fahrzeugbau und Medizintechnik."></head></html>';
    const s = await start({
      '/declared': { headers: { 'content-type': 'text/html; charset=ISO-8859-1' }, body: iconv.encode(page, 'win1252') },
      '/meta': { headers: { 'content-type': 'text/html' }, body: iconv.encode(page.replace('<head>', '<head><meta charset="windows-1252">'), 'win1252') },
      '/undeclared': { headers: { 'content-type': 'text/html' }, body: iconv.encode(page, 'win1252') },
    });
    for (const path of ['/declared', '/meta', '/undeclared']) {
      const result = await fetchCompanyMetadata(`${s.origin}${path}`, { now, allowPrivate: true });
      expect(result.ok && result.metadata.title).toBe('Müller & Söhne GmbH – Präzisionsteile');
    }
  });
});

describe('fetchCompanyMetadata: robots.txt', () => {
  it('honours a Disallow rule and never requests the page', async () => {
    const s = await start({ '/robots.txt': { body: 'User-agent: *\nDisallow: /private\n' }, '/private/about': { headers: html, body: acmeHomePage } });
    const result = await fetchCompanyMetadata(`${s.origin}/private/about`, { now, allowPrivate: true });
    expect(result).toMatchObject({ ok: false, reason: 'robots_disallowed' });
    expect(s.requests.map((r) => r.path)).toEqual(['/robots.txt']);
  });

  it('honours a group for our user agent even when others are allowed', async () => {
    const s = await start({ '/robots.txt': { body: 'User-agent: *\nAllow: /\n\nUser-agent: NexusCRM-Enrichment\nDisallow: /\n' }, '/': { headers: html, body: acmeHomePage } });
    const result = await fetchCompanyMetadata(`${s.origin}/`, { now, allowPrivate: true });
    expect(result).toMatchObject({ ok: false, reason: 'robots_disallowed' });
  });

  it('checks robots.txt of the host a redirect leads to', async () => {
    const dns = resolverOf({ 'acme.test': ['127.0.0.1'], 'www.acme.test': ['127.0.0.1'] });
    const s = await start({});
    s.route('/', (req, res) => {
      if (req.headers.host?.startsWith('acme.test')) res.writeHead(301, { location: `http://www.acme.test:${s.port}/` }).end();
      else res.writeHead(200, html).end(acmeHomePage);
    });
    s.route('/robots.txt', (req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(req.headers.host?.startsWith('www.') ? 'User-agent: *\nDisallow: /\n' : '');
    });
    const result = await fetchCompanyMetadata(`http://acme.test:${s.port}/`, { now, resolve: dns.resolve, allowPrivate: true });
    expect(result).toMatchObject({ ok: false, reason: 'robots_disallowed', detail: expect.stringContaining('www.acme.test') });
  });

  it('treats a missing robots.txt as allow-all and a failing one as disallow-all', async () => {
    const s = await start({ '/': { headers: html, body: acmeHomePage } });
    expect((await fetchCompanyMetadata(`${s.origin}/`, { now, allowPrivate: true })).ok).toBe(true);
    s.route('/robots.txt', { status: 503 });
    expect(await fetchCompanyMetadata(`${s.origin}/`, { now, allowPrivate: true })).toMatchObject({ ok: false, reason: 'robots_disallowed', status: 503 });
  });
});

describe('fetchCompanyMetadata: limits and failures', () => {
  it('stops reading past maxBytes, with or without a Content-Length', async () => {
    const big = `<html><head><title>Big</title></head><body>${'x'.repeat(200_000)}</body></html>`;
    const s = await start({ '/robots.txt': { status: 404 }, '/declared': { headers: html, body: big } });
    s.route('/chunked', (_req, res) => {
      res.writeHead(200, html);
      for (let i = 0; i < 50; i += 1) res.write('y'.repeat(10_000));
      res.end();
    });
    s.route('/bomb', { headers: { ...html, 'content-encoding': 'gzip' }, body: gzipSync(Buffer.alloc(20_000_000)) });
    for (const path of ['/declared', '/chunked', '/bomb']) {
      const result = await fetchCompanyMetadata(`${s.origin}${path}`, { now, allowPrivate: true, maxBytes: 50_000 });
      expect(result).toMatchObject({ ok: false, reason: 'too_large' });
    }
  });

  it('times out on a server that does not answer, and on one that trickles its body', async () => {
    const s = await start({ '/robots.txt': { status: 404 }, '/slow': { headers: html, body: acmeHomePage, delayMs: 5000 } });
    s.route('/trickle', (_req, res) => {
      res.writeHead(200, html);
      const timer = setInterval(() => res.write('<p>'), 50);
      res.on('close', () => clearInterval(timer));
    });
    for (const path of ['/slow', '/trickle']) {
      const started = Date.now();
      const result = await fetchCompanyMetadata(`${s.origin}${path}`, { now, allowPrivate: true, timeoutMs: 300 });
      expect(result).toMatchObject({ ok: false, reason: 'timeout' });
      expect(Date.now() - started).toBeLessThan(2000);
    }
  });

  it('refuses content that is not HTML', async () => {
    const s = await start({ '/robots.txt': { status: 404 }, '/data.json': { headers: { 'content-type': 'application/json' }, body: '{"name":"Acme"}' }, '/none': { body: '<title>x</title>' } });
    expect(await fetchCompanyMetadata(`${s.origin}/data.json`, { now, allowPrivate: true })).toMatchObject({ ok: false, reason: 'not_html', detail: 'content-type application/json' });
    expect(await fetchCompanyMetadata(`${s.origin}/none`, { now, allowPrivate: true })).toMatchObject({ ok: false, reason: 'not_html' });
  });

  it('reports HTTP errors, DNS failures, refused connections and invalid URLs', async () => {
    const s = await start({ '/robots.txt': { status: 404 } });
    expect(await fetchCompanyMetadata(`${s.origin}/missing`, { now, allowPrivate: true })).toMatchObject({ ok: false, reason: 'http_error', status: 404 });
    const dns = resolverOf({ 'empty.test': [] });
    expect(await fetchCompanyMetadata('https://nowhere.test/', { now, resolve: dns.resolve })).toMatchObject({ ok: false, reason: 'dns_failed', detail: 'nowhere.test: ENOTFOUND' });
    expect(await fetchCompanyMetadata('https://empty.test/', { now, resolve: dns.resolve })).toMatchObject({ ok: false, reason: 'dns_failed' });
    const closed = await startFakeWebsite();
    await closed.close();
    expect(await fetchCompanyMetadata(`${closed.origin}/`, { now, allowPrivate: true })).toMatchObject({ ok: false, reason: 'network', detail: expect.stringContaining('ECONNREFUSED') });
    for (const url of ['', 'ftp://acme.com/', 'javascript:alert(1)', 'http://', 'x'.repeat(3000)]) {
      expect(await fetchCompanyMetadata(url, { now })).toMatchObject({ ok: false, reason: 'invalid_url' });
    }
  });

  it('throws on an invalid allowAddresses entry: a configuration bug, not a network condition', async () => {
    await expect(fetchCompanyMetadata('https://acme.com/', { allowAddresses: ['10.0.0.0/99'] })).rejects.toMatchObject({ code: 'internal_error', kind: 'unexpected' });
  });

  it('works through an injected fetch, still checking every hop', async () => {
    const s = await start({ '/robots.txt': { status: 404 }, '/': { status: 302, headers: { location: '/home' } }, '/home': { headers: html, body: acmeHomePage } });
    const used: string[] = [];
    const recordingFetch: typeof fetch = async (input, init) => {
      used.push(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      return fetch(input, init);
    };
    const result = await fetchCompanyMetadata(`${s.origin}/`, { now, allowPrivate: true, fetch: recordingFetch });
    expect(result.ok && result.metadata.name).toBe('Acme Robotics');
    expect(used).toEqual([`${s.origin}/robots.txt`, `${s.origin}/`, `${s.origin}/home`]);
    const blocked = await fetchCompanyMetadata(`${s.origin}/`, { now, fetch: recordingFetch, allowedPorts: [s.port] });
    expect(blocked).toMatchObject({ ok: false, reason: 'ssrf_blocked' });
    expect(used).toHaveLength(3);
  });
});
