import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** The placeholder segment of a prebuilt dynamic page: `/contacts/_` serves `/contacts/<any id>`. */
const dynamicSegment = '_';

const securityHeaders = {
  'content-security-policy':
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
} as const;

/** The files of a build and the folders that hold them, as URL paths without the leading slash. */
export interface WebFiles {
  files: ReadonlySet<string>;
  dirs: ReadonlySet<string>;
}

export function indexWebFiles(paths: Iterable<string>): WebFiles {
  const files = new Set(paths);
  const dirs = new Set<string>();
  for (const file of files) {
    const parts = file.split('/');
    for (let i = 1; i < parts.length; i += 1) dirs.add(parts.slice(0, i).join('/'));
  }
  return { files, dirs };
}

async function listFiles(root: string): Promise<WebFiles> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const paths: string[] = [];
  for (const entry of entries) {
    if (entry.isFile()) paths.push(relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'));
  }
  return indexWebFiles(paths);
}

/**
 * Finds the built file for a URL path: the file itself, its `.html` page, its
 * folder's `index.html`, or the prebuilt shell of a dynamic page, where every
 * segment that names nothing built stands for the `_` placeholder (so
 * `/contacts/3f…` is `contacts/_.html` and the router's `/contacts/3f….txt` or
 * `/contacts/3f…/__next._tree.txt` is the placeholder's payload).
 */
export function resolveWebFile({ files, dirs }: WebFiles, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.' || s.includes('\\') || s.includes('\0'))) return undefined;
  const exact = segments.join('/');
  const direct = [exact, `${exact}.html`, exact === '' ? 'index.html' : `${exact}/index.html`];
  for (const candidate of direct) if (files.has(candidate)) return candidate;

  // Swap unknown segments for the placeholder, left to right, keeping any file extension of the last one.
  const resolved: string[] = [];
  for (const [index, segment] of segments.entries()) {
    const prefix = resolved.length ? `${resolved.join('/')}/` : '';
    const last = index === segments.length - 1;
    if (dirs.has(prefix + segment) || (last && files.has(prefix + segment))) {
      resolved.push(segment);
      continue;
    }
    const extension = last ? /\.(txt|html)$/.exec(segment)?.[0] ?? '' : '';
    resolved.push(dynamicSegment + extension);
  }
  const shell = resolved.join('/');
  for (const candidate of [shell, `${shell}.html`]) if (files.has(candidate)) return candidate;
  return undefined;
}

function cacheHeaders(reply: FastifyReply, file: string): void {
  if (file.startsWith('_next/static/')) void reply.header('cache-control', 'public, max-age=31536000, immutable');
  else void reply.header('cache-control', 'no-cache');
}

/**
 * Serves the built web app from `root` on the API's origin: every GET that no
 * API route answers. Unknown `/api/` paths keep their JSON 404; unknown pages
 * get the app's own 404 page. Files are listed once at start (a build never
 * changes while the server runs) and sent precompressed when the build left a
 * `.br` or `.gz` beside them.
 */
export async function registerWebApp(app: FastifyInstance, root: string): Promise<{ files: number }> {
  const web = await listFiles(root);
  await app.register(fastifyStatic, { root, serve: false, preCompressed: true, dotfiles: 'deny', index: false, etag: true, lastModified: true, cacheControl: false });
  const notFoundPage = web.files.has('404.html') ? '404.html' : undefined;

  app.route({
    method: ['GET', 'HEAD'],
    url: '/*',
    handler: async (req, reply) => {
      const path = req.url.split('?')[0] ?? '/';
      if (path === '/api' || path.startsWith('/api/')) {
        return reply.status(404).send({ error: { code: 'route_not_found', message: `No route ${req.method} ${path}`, requestId: req.id } });
      }
      const file = resolveWebFile(web, path);
      if (file?.endsWith('.html') || file === undefined) void reply.headers(securityHeaders);
      if (file === undefined) {
        if (!notFoundPage) return reply.status(404).type('text/plain').send('Not found');
        void reply.header('cache-control', 'no-cache');
        return reply.status(404).sendFile(notFoundPage);
      }
      cacheHeaders(reply, file);
      return reply.sendFile(file);
    },
  });
  return { files: web.files.size };
}
