// Sign-in, sessions, CSRF and the sign-in rate limit, through the API as a browser would use it.
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { Request } from 'express';
import { sessionCookieOptions } from '../../server/auth/sessions.ts';
import { createUser, setUserDisabled } from '../../server/auth/users.ts';
import type { Database } from '../../server/db/database.ts';
import { signedInAgent, TEST_PASSWORD } from '../helpers/auth.ts';
import { memoryDb } from '../helpers/memory-db.ts';

let db: Database;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  db = await memoryDb();
  app = createApp({ db, logger: pino({ level: 'silent' }) });
  await createUser(db, { username: 'dr.lee', password: TEST_PASSWORD, role: 'practice', practice_ids: ['P01', 'P02'] });
});
afterAll(() => db.close());

const cookieOf = (res: request.Response) => ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('caliper_session='));

describe('sign-in', () => {
  it('answers 401 on every API route but health and login without a session', async () => {
    expect((await request(app).get('/api/health')).status).toBe(200);
    for (const path of ['/api/sources', '/api/measures', '/api/auth/me', '/api/users', '/api/no-such-route']) {
      const res = await request(app).get(path);
      expect(res.status, path).toBe(401);
      expect(res.body).toEqual({ error: { code: 'Unauthenticated', message: 'Sign in first' } });
    }
  });

  it('sets an httpOnly, SameSite=Strict session cookie with an expiry and returns the user and CSRF token', async () => {
    const res = await request(app).post('/api/auth/login').send({ username: 'dr.lee', password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ user: { username: 'dr.lee', role: 'practice', practice_ids: ['P01', 'P02'] }, csrf_token: expect.stringMatching(/^[\w-]{43}$/) });
    const cookie = cookieOf(res)!;
    expect(cookie).toMatch(/^caliper_session=[\w-]{43}; Max-Age=28800; Path=\/; Expires=.+; HttpOnly; SameSite=Strict$/);
    // Over https the cookie is Secure too.
    expect(sessionCookieOptions({ secure: true } as Request).secure).toBe(true);
  });

  it('keeps only the hash of the session id and an argon2id hash of the password', async () => {
    const res = await request(app).post('/api/auth/login').send({ username: 'dr.lee', password: TEST_PASSWORD });
    const id = cookieOf(res)!.split(';')[0]!.split('=')[1]!;
    const [row] = await db.query(`SELECT count(*) FILTER (WHERE session_hash = $id) AS plain, count(*) FILTER (WHERE session_hash = sha256($id)) AS hashed FROM user_session`, { id });
    expect(row).toEqual({ plain: 0, hashed: 1 });
    const [user] = await db.query(`SELECT password_hash FROM app_user WHERE username = 'dr.lee'`);
    expect(user!.password_hash).toMatch(/^\$argon2id\$v=19\$m=65536,p=4,t=3\$/);
  });

  it('gives the same answer for an unknown user and a wrong password', async () => {
    const unknown = await request(app).post('/api/auth/login').send({ username: 'nobody', password: TEST_PASSWORD });
    const wrong = await request(app).post('/api/auth/login').send({ username: 'dr.lee', password: 'not the password' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(cookieOf(wrong)).toBeUndefined();
  });

  it('rejects a malformed sign-in body with 400', async () => {
    const res = await request(app).post('/api/auth/login').send({ username: 'dr.lee', password: 12, admin: true });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('InvalidInput');
  });
});

describe('sessions', () => {
  it('knows who is signed in, and signs out', async () => {
    const agent = await signedInAgent(app, db, 'network');
    const me = await agent.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ role: 'network', practice_ids: [] });
    const out = await agent.post('/api/auth/logout');
    expect(out.status).toBe(204);
    expect(cookieOf(out)).toMatch(/^caliper_session=;/);
    expect((await agent.get('/api/auth/me')).status).toBe(401);
  });

  it('ends a session signed out twice at once (two clicks) without an error', async () => {
    const agent = await signedInAgent(app, db, 'network');
    const outs = await Promise.all(Array.from({ length: 8 }, () => agent.post('/api/auth/logout')));
    // A click that arrives after another one has ended the session is no longer signed in (401); none fails.
    expect(outs.map((o) => o.status)).toContain(204);
    expect(outs.every((o) => o.status === 204 || o.status === 401)).toBe(true);
    expect((await agent.get('/api/auth/me')).status).toBe(401);
  });

  it('refuses a state-changing request without the session CSRF token', async () => {
    const agent = await signedInAgent(app, db, 'network');
    const missing = await agent.post('/api/auth/logout').set('X-CSRF-Token', '');
    expect(missing.status).toBe(403);
    expect(missing.body.error.code).toBe('CsrfTokenMismatch');
    const other = await signedInAgent(app, db, 'network');
    const otherToken = (await other.get('/api/auth/me')).body.csrf_token as string;
    expect((await agent.post('/api/auth/logout').set('X-CSRF-Token', otherToken)).status).toBe(403);
    expect((await agent.get('/api/auth/me')).status).toBe(200); // still signed in
  });

  it('ends every session of a user who is disabled', async () => {
    await createUser(db, { username: 'leaver', password: TEST_PASSWORD, role: 'network' });
    const agent = request.agent(app);
    expect((await agent.post('/api/auth/login').send({ username: 'leaver', password: TEST_PASSWORD })).status).toBe(200);
    await setUserDisabled(db, 'leaver', true);
    expect((await agent.get('/api/auth/me')).status).toBe(401);
    expect((await agent.post('/api/auth/login').send({ username: 'leaver', password: TEST_PASSWORD })).status).toBe(401);
  });

  it('does not honour an expired session', async () => {
    const agent = await signedInAgent(app, db, 'exporter');
    const me = await agent.get('/api/auth/me');
    await db.exec(`UPDATE user_session SET expires_at = current_timestamp::TIMESTAMP - INTERVAL 1 MINUTE WHERE csrf_token = $t`, { t: me.body.csrf_token });
    expect((await agent.get('/api/auth/me')).status).toBe(401);
  });
});

describe('sign-in rate limit', () => {
  it('answers 429 after 10 failed attempts from one address, even with the right password', async () => {
    const limited = createApp({ db, logger: pino({ level: 'silent' }) });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await request(limited).post('/api/auth/login').send({ username: 'dr.lee', password: `guess ${i}` })).status);
    expect(statuses).toEqual(Array(10).fill(401));
    const res = await request(limited).post('/api/auth/login').send({ username: 'dr.lee', password: TEST_PASSWORD });
    expect(res.status).toBe(429);
    expect(res.body).toEqual({ error: { code: 'TooManyRequests', message: 'Too many failed sign-ins; try again later' } });
  });
});
