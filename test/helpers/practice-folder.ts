// A practice folder as ingest reads it (docs: source.json + the extract's files), written for a test.
import fs from 'node:fs/promises';
import path from 'node:path';

/** Writes `folder`/source.json from `manifest` and each file (sub-folders made as needed); returns `folder`. */
export async function writePracticeFolder(folder: string, manifest: object, files: Record<string, string | Buffer>): Promise<string> {
  await fs.mkdir(folder, { recursive: true });
  await fs.writeFile(path.join(folder, 'source.json'), JSON.stringify(manifest));
  for (const [name, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(folder, name)), { recursive: true });
    await fs.writeFile(path.join(folder, name), content);
  }
  return folder;
}
