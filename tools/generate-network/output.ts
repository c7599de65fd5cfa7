// Streaming writers: every file is written in 64 KiB chunks and a practice's writer waits for 'drain' before
// going on, so memory stays bounded however many patients a run has. Lines are counted as they are written,
// which is also how a planned defect finds the line it replaces.
import fs from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { csvLine, type CsvValue } from './csv-line.ts';
import { applyFhirDefect, applyCsvDefect, type Defect, type InjectedDefect } from './defects.ts';

const CHUNK = 64 * 1024;

export class LineFile {
  private readonly stream: fs.WriteStream;
  private parts: string[] = [];
  private size = 0;
  private waiting: Promise<unknown> | undefined;
  lines = 0;
  bytes = 0;

  constructor(file: string) {
    this.stream = fs.createWriteStream(file);
  }

  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    this.lines++;
    if (this.size >= CHUNK) this.flush();
  }

  private flush(): void {
    if (this.parts.length === 0) return;
    const chunk = this.parts.join('');
    this.bytes += Buffer.byteLength(chunk);
    this.parts = [];
    this.size = 0;
    if (!this.stream.write(chunk) && !this.waiting) {
      this.waiting = once(this.stream, 'drain').then(() => (this.waiting = undefined));
    }
  }

  drained(): Promise<unknown> | undefined {
    return this.waiting;
  }

  async close(): Promise<void> {
    this.flush();
    await new Promise<void>((resolve, reject) => this.stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
  }
}

/** One practice's folder: its files, the defects planned for it and those actually written. */
export class PracticeOutput {
  private readonly files = new Map<string, LineFile>();
  readonly injected: InjectedDefect[] = [];

  constructor(
    readonly folder: string,
    private readonly practiceId: string,
    private readonly defects: Defect[],
  ) {
    fs.mkdirSync(folder, { recursive: true });
  }

  private file(name: string): LineFile {
    let file = this.files.get(name);
    if (!file) {
      file = new LineFile(path.join(this.folder, name));
      this.files.set(name, file);
    }
    return file;
  }

  private defectAt(name: string, line: number): Defect | undefined {
    return this.defects.find((d) => d.file === name && d.line === line);
  }

  private note(defect: Defect, line: number): void {
    this.injected.push({ practice_id: this.practiceId, file: defect.file, line, kind: defect.kind });
  }

  /** One FHIR resource as one NDJSON line. */
  resource(name: string, resource: Record<string, unknown>): void {
    const file = this.file(name);
    const defect = this.defectAt(name, file.lines + 1);
    if (defect) this.note(defect, file.lines + 1);
    file.write((defect ? applyFhirDefect(defect.kind, resource) : JSON.stringify(resource)) + '\n');
  }

  /** One CSV record; the header is the file's first line. */
  row(name: string, columns: readonly string[], values: CsvValue[]): void {
    const file = this.file(name);
    const defect = this.defectAt(name, file.lines + 1);
    if (defect) this.note(defect, file.lines + 1);
    file.write(defect ? applyCsvDefect(defect.kind, columns, values) : csvLine(values));
  }

  /** A whole small file (manifest, mapping, code map). */
  text(name: string, content: string): void {
    this.file(name).write(content);
  }

  /** Resolves when every file can take more (backpressure). */
  async settle(): Promise<void> {
    const waits = [...this.files.values()].map((f) => f.drained()).filter((w) => w !== undefined);
    if (waits.length > 0) await Promise.all(waits);
  }

  async close(): Promise<{ files: number; bytes: number; lines: number }> {
    const all = [...this.files.values()];
    await Promise.all(all.map((f) => f.close()));
    return { files: all.length, bytes: all.reduce((s, f) => s + f.bytes, 0), lines: all.reduce((s, f) => s + f.lines, 0) };
  }
}
