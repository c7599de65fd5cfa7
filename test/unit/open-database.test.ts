import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/open.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caliper-open-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('openDatabase', () => {
  it('explains plainly when another process holds the database file', async () => {
    const file = path.join(dir, 'held.duckdb');
    (await openDatabase(file)).close();
    // A second process keeps the file open until it is killed.
    const holder = spawn(process.execPath, [
      '-e',
      `const { DuckDBInstance } = require(${JSON.stringify(require.resolve('@duckdb/node-api'))});
       DuckDBInstance.create(${JSON.stringify(file)}).then(() => { console.log('open'); setInterval(() => {}, 1000); });`,
    ]);
    try {
      await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
      await expect(openDatabase(file)).rejects.toThrow(/is in use by another process .*PID \d+/);
    } finally {
      holder.kill();
    }
  });
});
