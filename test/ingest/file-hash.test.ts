// sha256 of files on worker threads: the same digest as hashing the bytes here, for more files at once than
// there are workers (some wait in the queue), and a read error reaches the caller with its code.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256File } from '../../server/ingest/file-hash.ts';

let root: string;
beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'caliper-hash-'));
});
afterAll(() => fs.rm(root, { recursive: true, force: true }));

describe('sha256File', () => {
  it('gives each file the digest of its bytes, many files at once', async () => {
    // Sizes around the 1 MiB read chunk, an empty file, and multi-byte text.
    const contents = [
      Buffer.alloc(0),
      Buffer.from('{"resourceType":"Patient","id":"é"}\n'),
      ...Array.from({ length: 10 }, (_, i) => Buffer.alloc(2 ** 20 + i * 4099, i + 1)),
    ];
    const files = await Promise.all(
      contents.map(async (bytes, i) => {
        const file = path.join(root, `f${i}.ndjson`);
        await fs.writeFile(file, bytes);
        return file;
      }),
    );
    const digests = await Promise.all(files.map(sha256File));
    expect(digests).toEqual(contents.map((bytes) => createHash('sha256').update(bytes).digest('hex')));
    expect(digests[0]).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('rejects with the read error of a missing file and goes on hashing others', async () => {
    const file = path.join(root, 'present.csv');
    await fs.writeFile(file, 'a,b\n1,2\n');
    const [missing, present] = await Promise.allSettled([sha256File(path.join(root, 'absent.csv')), sha256File(file)]);
    expect(missing).toMatchObject({ status: 'rejected', reason: { code: 'ENOENT', message: expect.stringMatching(/absent\.csv/) } });
    expect(present).toEqual({ status: 'fulfilled', value: createHash('sha256').update('a,b\n1,2\n').digest('hex') });
  });
});
