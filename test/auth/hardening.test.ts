// Hardening: a strict CSP, body limits, one error shape, no raw-SQL route, and logs without PHI.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { Database } from '../../server/db/database.ts';
import { redaction, scrub } from '../../server/log.ts';
import { signedInAgent, type SignedInAgent } from '../helpers/auth.ts';
import { memoryDb } from '../helpers/memory-db.ts';
import { apiRoutes } from './api-routes.ts';

let db: Database;
let app: ReturnType<typeof createApp>;
let admin: SignedInAgent;
beforeAll(async () => {
  db = await memoryDb();
  app = createApp({ db, logger: pino({ level: 'silent' }) });
  admin = await signedInAgent(app, db, 'admin');
});
afterAll(() => db.close());

describe('headers and bodies', () => {
  it('sends a CSP that allows scripts from this origin only, and no framing', async () => {
    const csp = Object.fromEntries(
      String((await request(app).get('/api/health')).headers['content-security-policy'])
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['script-src-attr']).toEqual(["'none'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['default-src']).toEqual(["'self'"]);
  });

  it('refuses JSON bodies over 1 MB with 413 in the error shape', async () => {
    const res = await admin.post('/api/users').set('content-type', 'application/json').send(JSON.stringify({ username: 'x'.repeat(2 ** 20) }));
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ error: { code: 'PayloadTooLarge', message: 'Bad request' } });
  });

  it('does not echo a malformed body in its error', async () => {
    const res = await request(app).post('/api/auth/login').set('content-type', 'application/json').send('{"username": "SMITH, JOHN 1950-02-03",');
    expect(res.status).toBe(400);
    expect(res.text).not.toContain('SMITH');
  });

  it('takes sign-in only as JSON (a cross-site form cannot post it)', async () => {
    const res = await request(app).post('/api/auth/login').type('form').send('username=admin&password=whatever-it-is');
    expect(res.status).toBe(400);
  });

  it('has no route that takes SQL', () => {
    const paths = apiRoutes(app).map((r) => r.path);
    expect(paths.filter((p) => /sql|query|exec|raw/i.test(p))).toEqual([]);
  });
});

describe('logs', () => {
  const capture = () => {
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    return { log: pino({ redact: redaction }, stream), lines };
  };

  it('redact patient identifiers, names, birth dates and credentials up to three levels deep', () => {
    const { log, lines } = capture();
    log.info({ patient_id: 'pt-1', row: { name: 'SMITH, JOHN', birth_date: '1950-02-03', nested: { mbi: '1EG4TE5MK73' } }, req: { headers: { cookie: 'caliper_session=abc' } } }, 'read');
    expect(lines.join('')).not.toMatch(/pt-1|SMITH|1950-02-03|1EG4TE5MK73|caliper_session=abc/);
    expect(JSON.parse(lines[0]!).row.name).toBe('[redacted]');
  });

  it('mask quoted values in error messages', () => {
    expect(scrub(`Conversion Error: Could not convert string 'SMITH' to DATE near "1950-02-03"`)).toBe(
      "Conversion Error: Could not convert string '[redacted]' to DATE near '[redacted]'",
    );
  });
});
