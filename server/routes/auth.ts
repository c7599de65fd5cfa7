// Sign-in, sign-out and who am I.
// POST /api/auth/login {username, password} → 200 { user:{username,role,practice_ids}, csrf_token } and the
//   session cookie; 401 { error } for a wrong username or password (the same answer for both); 429 after
//   10 failed attempts from one address in 15 minutes.
// GET /api/auth/me → the same body for the current session (the client reads its CSRF token here after a reload).
// POST /api/auth/logout (X-CSRF-Token) → 204, the session ended and the cookie cleared.
import { Router, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import { sessionIdOf } from '../auth/authenticate.ts';
import { verifyPassword } from '../auth/passwords.ts';
import { endSession, SESSION_COOKIE, sessionCookieOptions, sessionViewer, startSession } from '../auth/sessions.ts';
import { Password, Username } from '../auth/users.ts';
import { viewerOf, type Viewer } from '../auth/viewer.ts';
import type { Database } from '../db/database.ts';
import { HttpError } from '../errors.ts';
import { NoQuery } from './no-query.ts';

// Length limits only: a wrong-shaped name or password is just a failed sign-in, not a validation message.
const Login = z.object({ username: z.string().max(64), password: z.string().max(Password.maxLength ?? 256) }).strict();

const signedIn = (viewer: Viewer, csrfToken: string) => ({
  user: { username: viewer.username, role: viewer.role, practice_ids: viewer.practiceIds ?? [] },
  csrf_token: csrfToken,
});

export function authRouter(db: Database): Router {
  const router = Router();
  // Per app instance, in memory; successful sign-ins do not count (OWASP Authentication Cheat Sheet).
  const loginLimit = rateLimit({
    windowMs: 15 * 60_000,
    limit: 10,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new HttpError(429, 'TooManyRequests', 'Too many failed sign-ins; try again later')),
  });

  router.post('/auth/login', loginLimit, async (req, res: Response) => {
    const { username, password } = Login.parse(req.body ?? {});
    const name = Username.safeParse(username.toLowerCase());
    const [user] = name.success ? await db.queryFile('auth/user_credentials', { username: name.data }) : [];
    const ok = await verifyPassword(user?.password_hash as string | undefined, password);
    if (!user || !ok || user.disabled) throw new HttpError(401, 'BadCredentials', 'Wrong username or password');
    const previous = sessionIdOf(req.headers.cookie);
    if (previous) await endSession(db, previous); // a new id at every sign-in: no session fixation
    const session = await startSession(db, user.user_id as number);
    res.cookie(SESSION_COOKIE, session.id, sessionCookieOptions(req));
    const opened = await sessionViewer(db, session.id);
    res.json(signedIn(opened!.viewer, session.csrfToken));
  });

  router.get('/auth/me', (req, res) => {
    NoQuery.parse(req.query);
    res.json(signedIn(viewerOf(res), res.locals.csrfToken as string));
  });

  router.post('/auth/logout', async (req, res) => {
    const sessionId = sessionIdOf(req.headers.cookie);
    if (sessionId) await endSession(db, sessionId);
    const { maxAge: _maxAge, ...options } = sessionCookieOptions(req);
    res.clearCookie(SESSION_COOKIE, options);
    res.status(204).end();
  });

  return router;
}
