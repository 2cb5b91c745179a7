import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The cookie that carries a browser's session token. */
export const sessionCookie = 'nexus_session';
/** The header the web app sends with every call; a cross-site form or image cannot set it. */
export const webClientHeader = 'x-nexus-client';
/** The workspace the web app's page shows; a request for another is refused (409 `workspace_changed`). */
export const webWorkspaceHeader = 'x-nexus-workspace';

const sessionRoutes = new Set(['/api/v1/auth/signup', '/api/v1/auth/login', '/api/v1/invitations/accept']);
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

function isWebClient(req: FastifyRequest): boolean {
  return req.headers[webClientHeader] === 'web';
}

/**
 * Sessions for the web app, kept in an HttpOnly cookie so that no script on the
 * page can read the token. Sign-in answers to the web app set the cookie and
 * leave the token out of the body; a request without an Authorization header
 * is authenticated by the cookie, but a state-changing one only when it also
 * carries the web app's header (SameSite=Strict plus a custom header: a forged
 * cross-site request has neither). API clients are untouched: they keep
 * sending `Authorization: Bearer <token>`.
 *
 * Registered before the rate limiter, so the limit is keyed per session for
 * browsers too.
 */
export async function registerWebSession(app: FastifyInstance, options: { secureCookie: 'auto' | boolean } = { secureCookie: 'auto' }): Promise<void> {
  const secure = (req: FastifyRequest) => (options.secureCookie === 'auto' ? req.protocol === 'https' : options.secureCookie);
  await app.register(cookie);
  const fromCookie = new WeakSet<FastifyRequest>();

  app.addHook('onRequest', async (req) => {
    if (req.headers.authorization !== undefined) return;
    const token = req.cookies[sessionCookie];
    if (!token) return;
    if (!safeMethods.has(req.method) && !isWebClient(req)) return;
    req.headers.authorization = `Bearer ${token}`;
    fromCookie.add(req);
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const path = req.url.split('?')[0] ?? '';
    // An expired or revoked cookie is dropped at once, so the browser stops sending it.
    // Only when the session itself was refused: a wrong password typed into a form is not the end of the session.
    const deadSession = reply.statusCode === 401 && fromCookie.has(req) && typeof payload === 'string' && /"code":"(invalid_token|unauthenticated)"/.test(payload);
    if ((path === '/api/v1/auth/logout' && reply.statusCode < 300) || deadSession) {
      clearSession(reply, secure(req));
      return payload;
    }
    if (!isWebClient(req) || req.method !== 'POST' || !sessionRoutes.has(path) || reply.statusCode >= 300 || typeof payload !== 'string') return payload;
    let session: { token?: unknown; expiresAt?: unknown };
    try {
      session = JSON.parse(payload) as { token?: unknown; expiresAt?: unknown };
    } catch {
      return payload;
    }
    if (typeof session.token !== 'string' || typeof session.expiresAt !== 'string') return payload;
    void reply.setCookie(sessionCookie, session.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: secure(req),
      expires: new Date(session.expiresAt),
    });
    const { token: _token, ...rest } = session;
    return JSON.stringify(rest);
  });
}

function clearSession(reply: FastifyReply, secure: boolean): void {
  void reply.clearCookie(sessionCookie, { path: '/', httpOnly: true, sameSite: 'strict', secure });
}
