// One DuckDB instance per database file and a small fixed pool of connections.
// A connection is never shared by two concurrent callers: `withConnection` leases one
// for the duration of a unit of work and returns it, queueing callers when all are busy.
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { rowsAsJson, type Row } from './json.ts';
import { sqlFile } from './sql-registry.ts';

export type Params = Record<string, DuckDBValue>;

/** Removes a database file and its write-ahead log, where present, so a build or copy starts from neither. */
export function removeDatabaseFiles(file: string): void {
  for (const f of [file, `${file}.wal`]) fs.rmSync(f, { force: true });
}

export interface DatabaseOptions {
  /** Database file path, or ':memory:'. */
  path: string;
  poolSize?: number;
  threads?: number;
  memoryLimit?: string;
}

export class Database {
  private readonly idle: DuckDBConnection[] = [];
  private readonly waiters: ((c: DuckDBConnection) => void)[] = [];
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    connections: DuckDBConnection[],
  ) {
    this.idle.push(...connections);
  }

  static async open(options: DatabaseOptions): Promise<Database> {
    if (options.path !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(options.path)), { recursive: true });
    // A new database file is written in this DuckDB's own storage format, not the v0.10 one it writes by
    // default for older readers: its newer string compression made persisting 4.7M result rows ~20% cheaper in
    // CPU and the file ~15% smaller. A file made earlier keeps the format it was made with.
    const settings: Record<string, string> = { storage_compatibility_version: 'latest' };
    if (options.threads) settings.threads = String(options.threads);
    if (options.memoryLimit) settings.memory_limit = options.memoryLimit;
    const instance = await DuckDBInstance.create(options.path, settings);
    const connections = await Promise.all(Array.from({ length: options.poolSize ?? 4 }, () => instance.connect()));
    return new Database(options.path, instance, connections);
  }

  /** Lease a connection for one unit of work (a request, a load step); always returned. */
  async withConnection<T>(work: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('Database is closed');
    const connection = this.idle.pop() ?? (await new Promise<DuckDBConnection>((resolve) => this.waiters.push(resolve)));
    try {
      return await work(connection);
    } finally {
      const next = this.waiters.shift();
      if (next) next(connection);
      else this.idle.push(connection);
    }
  }

  /** Run SQL text with named parameters ($name) and return rows as JSON values. */
  async query(sql: string, params?: Params): Promise<Row[]> {
    return this.withConnection(async (c) => rowsAsJson(await c.runAndReadAll(sql, params)));
  }

  /** Run a registered file sql/<name>.sql with named parameters. */
  async queryFile(name: string, params?: Params): Promise<Row[]> {
    return this.query(sqlFile(name), params);
  }

  /** Run statements without reading results (DDL, multi-statement scripts without parameters). */
  async exec(sql: string, params?: Params): Promise<void> {
    await this.withConnection(async (c) => {
      await c.run(sql, params);
    });
  }

  /** Run `work` inside one transaction on one leased connection; rolled back if it throws. */
  async transaction<T>(work: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.withConnection(async (c) => {
      await c.run('BEGIN TRANSACTION');
      try {
        const result = await work(c);
        await c.run('COMMIT');
        return result;
      } catch (error) {
        await c.run('ROLLBACK');
        throw error;
      }
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const c of this.idle.splice(0)) c.closeSync();
    this.instance.closeSync();
  }
}
