// An upload job reports its end only once its folder is gone: a client that sees 'done' or 'failed' (and the
// admin test that checks the folder) must not find the uploaded files still on disk.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { Database } from '../../server/db/database.ts';
import { applySchema } from '../../server/db/schema.ts';
import { UploadJobs } from '../../server/uploads/jobs.ts';

let db: Database;
beforeAll(async () => {
  db = await Database.open({ path: ':memory:', poolSize: 2 });
  await applySchema(db);
});
afterAll(() => db.close());

it('removes the folder before the job says it has finished', async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'caliper-upload-'));
  fs.writeFileSync(path.join(folder, 'source.json'), '{ not json');   // the load fails at once
  const jobs = new UploadJobs(db, pino({ level: 'silent' }));
  const seenWhileRemoving: string[] = [];
  const realRm = fsp.rm;
  const rm = vi.spyOn(fsp, 'rm').mockImplementation(async (target, options) => {
    seenWhileRemoving.push(jobs.get(job.upload_id)!.status);
    await new Promise((resolve) => setTimeout(resolve, 50));   // a slow disk
    return realRm(target, options);
  });
  const job = jobs.start(folder, { practice_id: 'P1', username: 'admin', files: 1, bytes: 10 });
  try {
    await jobs.idle();
  } finally {
    rm.mockRestore();
  }
  expect(seenWhileRemoving).toEqual(['loading']);
  expect(job.status).toBe('failed');
  expect(job.error).toBeTruthy();
  expect(fs.existsSync(folder)).toBe(false);
});
