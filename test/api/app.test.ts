import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createApp } from '../../server/app.ts';
import type { Database } from '../../server/db/database.ts';
import { signedInAgent, type SignedInAgent } from '../helpers/auth.ts';
import { memoryDb } from '../helpers/memory-db.ts';
import { pino } from 'pino';

let db: Database;
let app: ReturnType<typeof createApp>;
let api: SignedInAgent;
beforeAll(async () => {
  db = await memoryDb();
  app = createApp({ db, logger: pino({ level: 'silent' }) });
  api = await signedInAgent(app, db, 'network');
});
afterAll(() => db.close());

describe('app shell', () => {
  it('answers health', async () => {
    const res = await request(app).get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('sends security headers', async () => {
    const res = await request(app).get('/api/health');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('lets no browser or proxy keep an API answer, and hashes no body into an ETag', async () => {
    for (const res of [await request(app).get('/api/health'), await api.get('/api/sources'), await api.get('/api/nope')]) {
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers.etag).toBeUndefined();
    }
  });

  it('gives one JSON error shape for unknown routes', async () => {
    const res = await api.get('/api/nope');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'NotFound', message: 'No such API route' } });
  });

  it('rejects malformed JSON bodies with 400, not 500', async () => {
    const res = await request(app).post('/api/health').set('content-type', 'application/json').send('{"a":');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BadRequest');
  });

  it('lists sources (empty database)', async () => {
    const res = await api.get('/api/sources');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ practices: [], files: [], rejects: [], completeness: [], linking: [] });
  });
});
