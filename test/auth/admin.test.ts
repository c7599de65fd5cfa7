// Admin routes: users (create, list, disable), the audit log and uploads of practice extracts, each
// refused to the other roles.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { auditPatientRead } from '../../server/auth/audit.ts';
import type { Database } from '../../server/db/database.ts';
import { signedInAgent, TEST_PASSWORD, type SignedInAgent } from '../helpers/auth.ts';
import { memoryDb } from '../helpers/memory-db.ts';

const HAPPY = path.resolve(import.meta.dirname, '..', 'fixtures', 'ingest', 'fhir', 'happy');
const MISSING_SUBJECT = path.resolve(import.meta.dirname, '..', 'fixtures', 'ingest', 'fhir', 'bad', 'missing-subject.ndjson');

let db: Database;
let app: ReturnType<typeof createApp>;
let admin: SignedInAgent;
let others: Record<'network' | 'practice' | 'exporter', SignedInAgent>;
beforeAll(async () => {
  db = await memoryDb();
  app = createApp({ db, logger: pino({ level: 'silent' }) });
  const [a, network, practice, exporter] = await Promise.all([
    signedInAgent(app, db, 'admin'),
    signedInAgent(app, db, 'network'),
    signedInAgent(app, db, 'practice', ['P01']),
    signedInAgent(app, db, 'exporter'),
  ]);
  admin = a;
  others = { network, practice, exporter };
});
afterAll(() => db.close());

describe('admin routes refuse other roles', () => {
  it.each(['network', 'practice', 'exporter'] as const)('%s gets 403 on users, audit and uploads', async (role) => {
    const agent = others[role];
    const responses = await Promise.all([
      agent.get('/api/users'),
      agent.post('/api/users').send({ username: 'intruder', password: TEST_PASSWORD, role: 'admin' }),
      agent.patch('/api/users/admin').send({ disabled: true }),
      agent.get('/api/audit'),
      agent.get('/api/uploads'),
      agent.post('/api/uploads').field('practice_id', 'P01').attach('files', path.join(HAPPY, 'source.json')),
    ]);
    expect(responses.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403]);
    expect(responses[0]!.body).toEqual({ error: { code: 'Forbidden', message: 'Your role may not use this' } });
    expect((await db.query(`SELECT count(*) AS n FROM app_user WHERE username = 'intruder'`))[0]!.n).toBe(0);
  });
});

describe('users', () => {
  it('creates a practice user who can then sign in, and lists users without password hashes', async () => {
    const created = await admin.post('/api/users').send({ username: 'dr.kim', password: TEST_PASSWORD, role: 'practice', practice_ids: ['P02'] });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ username: 'dr.kim', role: 'practice', practice_ids: ['P02'], disabled: false });
    const signIn = await request(app).post('/api/auth/login').send({ username: 'dr.kim', password: TEST_PASSWORD });
    expect(signIn.body.user).toEqual({ username: 'dr.kim', role: 'practice', practice_ids: ['P02'] });

    const list = await admin.get('/api/users');
    expect(list.status).toBe(200);
    const kim = list.body.users.find((u: { username: string }) => u.username === 'dr.kim');
    expect(kim).toMatchObject({ role: 'practice', disabled: false, open_sessions: 1 });
    expect(JSON.stringify(list.body)).not.toContain('argon2');
  });

  it('validates new users: a practice user names practices, others none; names are unique', async () => {
    const cases = [
      { username: 'p.none', password: TEST_PASSWORD, role: 'practice' },
      { username: 'n.some', password: TEST_PASSWORD, role: 'network', practice_ids: ['P01'] },
      { username: 'short.pw', password: 'short', role: 'network' },
      { username: 'bad role', password: TEST_PASSWORD, role: 'root' },
      { username: 'x', password: TEST_PASSWORD, role: 'network', extra: 1 },
    ];
    for (const body of cases) {
      const res = await admin.post('/api/users').send(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('InvalidInput');
    }
    const again = await admin.post('/api/users').send({ username: 'dr.kim', password: TEST_PASSWORD, role: 'network' });
    expect(again.status).toBe(409);
  });

  it('disables a user (ending their sessions) and re-enables them; an admin cannot disable themselves', async () => {
    await admin.post('/api/users').send({ username: 'temp.user', password: TEST_PASSWORD, role: 'network' });
    const temp = request.agent(app);
    await temp.post('/api/auth/login').send({ username: 'temp.user', password: TEST_PASSWORD });
    const off = await admin.patch('/api/users/temp.user').send({ disabled: true });
    expect(off.status).toBe(200);
    expect(off.body.user.disabled).toBe(true);
    expect((await temp.get('/api/auth/me')).status).toBe(401);
    expect((await admin.patch('/api/users/temp.user').send({ disabled: false })).body.user.disabled).toBe(false);
    expect((await temp.post('/api/auth/login').send({ username: 'temp.user', password: TEST_PASSWORD })).status).toBe(200);

    const me = (await admin.get('/api/auth/me')).body.user.username as string;
    expect((await admin.patch(`/api/users/${me}`).send({ disabled: true })).status).toBe(400);
    expect((await admin.patch('/api/users/nobody.here').send({ disabled: true })).status).toBe(404);
  });
});

describe('audit log', () => {
  it('pages audit rows newest first and filters them by user and patient', async () => {
    const res = { req: { method: 'GET', originalUrl: '/api/patients/PAT-1' }, locals: { viewer: { userId: 7, username: 'auditor.test', role: 'network', practiceIds: null } } };
    for (let i = 1; i <= 3; i++) {
      await auditPatientRead(db, res as never, { route: '/api/patients/:patientId', patientIds: [`PAT-${i}`], patientCount: 1 });
    }
    await auditPatientRead(db, res as never, { route: '/api/worklist', patientCount: 250 });

    const page1 = await admin.get('/api/audit?per_page=2&username=auditor.test');
    expect(page1.status).toBe(200);
    expect(page1.body).toMatchObject({ total: 4, page: 1, per_page: 2 });
    expect(page1.body.entries.map((e: { route: string; patient_ids: string[] | null; patient_count: number }) => [e.route, e.patient_ids, e.patient_count])).toEqual([
      ['/api/worklist', null, 250],
      ['/api/patients/:patientId', ['PAT-3'], 1],
    ]);
    expect(page1.body.entries[1]).toMatchObject({ username: 'auditor.test', role: 'network', request: 'GET /api/patients/PAT-1', accessed_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    const page2 = await admin.get('/api/audit?per_page=2&page=2&username=auditor.test');
    expect(page2.body.entries.map((e: { patient_ids: string[] }) => e.patient_ids)).toEqual([['PAT-2'], ['PAT-1']]);
    const byPatient = await admin.get('/api/audit?patient=PAT-2');
    expect(byPatient.body.total).toBe(1);
    expect((await admin.get('/api/audit?page=0')).status).toBe(400);
  });
});

describe('uploads', () => {
  const attachFolder = (req: request.Test, files: string[]) => files.reduce((r, f) => r.attach('files', f), req);
  const waitFor = async (uploadId: string) => {
    for (let i = 0; i < 600; i++) {
      const res = await admin.get(`/api/uploads/${uploadId}`);
      if (res.body.upload.status === 'done' || res.body.upload.status === 'failed') return res.body.upload;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('upload did not finish');
  };

  it('loads a practice folder through the ingest path and reports its summary and rejects', async () => {
    const files = [...fs.readdirSync(HAPPY).map((f) => path.join(HAPPY, f)), MISSING_SUBJECT];
    const res = await attachFolder(admin.post('/api/uploads').field('practice_id', 'HAPPY'), files);
    expect(res.status).toBe(202);
    expect(res.body.upload).toMatchObject({ practice_id: 'HAPPY', files: files.length, status: expect.stringMatching(/queued|loading/) });
    const upload = await waitFor(res.body.upload.upload_id);
    expect(upload.status).toBe('done');
    expect(upload.progress.length).toBeGreaterThan(0);
    expect(upload.summary.practice_id).toBe('HAPPY');
    expect(upload.summary.files.filter((f: { status: string }) => f.status === 'loaded').length).toBeGreaterThan(10);
    const patients = upload.summary.counts.find((c: { resource_type: string }) => c.resource_type === 'Patient');
    expect(patients.loaded).toBeGreaterThan(0);
    expect(upload.summary.link.patients).toBeGreaterThan(0);
    // The missing-subject file's rejects, with reason and line, and no raw text.
    const rejects = upload.rejects.filter((r: { path: string }) => r.path.endsWith('missing-subject.ndjson'));
    expect(rejects.length).toBeGreaterThan(0);
    expect(rejects[0]).toEqual({ path: expect.any(String), line_no: expect.any(Number), resource_type: expect.any(String), reason: expect.any(String), detail: expect.anything() });
    const rejected = (await db.query(`SELECT sum(rows_rejected) AS n FROM source_file WHERE practice_id = 'HAPPY'`))[0]!.n;
    expect(upload.rejects.length).toBe(rejected);
    // The temporary folder is gone.
    expect(fs.existsSync(upload.summary.folder)).toBe(false);
    const list = await admin.get('/api/uploads');
    expect(list.body.uploads[0]).toMatchObject({ upload_id: upload.upload_id, status: 'done' });
  });

  it('refuses uploads without source.json, for another practice, with unsafe names or of the wrong type', async () => {
    const noManifest = await admin.post('/api/uploads').field('practice_id', 'HAPPY').attach('files', path.join(HAPPY, 'Patient.ndjson'));
    expect(noManifest.status).toBe(400);
    expect(noManifest.body.error.message).toBe('Include the practice\'s source.json');
    const other = await admin.post('/api/uploads').field('practice_id', 'P01').attach('files', path.join(HAPPY, 'source.json'));
    expect(other.status).toBe(400);
    expect(other.body.error.message).toBe('source.json is for practice HAPPY, not P01');
    const traversal = await admin.post('/api/uploads').field('practice_id', 'HAPPY').attach('files', Buffer.from('{}'), '../../etc/passwd.json');
    expect(traversal.status).toBe(400);
    const exe = await admin.post('/api/uploads').field('practice_id', 'HAPPY').attach('files', Buffer.from('MZ'), 'tool.exe');
    expect(exe.status).toBe(400);
    const json = await admin.post('/api/uploads').send({ practice_id: 'HAPPY' });
    expect(json.status).toBe(415);
    const leftovers = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('caliper-upload-'));
    expect(leftovers).toEqual([]);
  });
});
