// Large tables (worklists) come as Arrow IPC streams (server/db/arrow.ts builds them); this decodes one
// into an apache-arrow Table without copying rows into objects, and keeps the response's headers.
import { tableFromIPC, type Table } from 'apache-arrow';
import { request } from './http.ts';

export async function getArrow(path: string): Promise<{ table: Table; headers: Headers }> {
  const response = await request(path, { headers: { accept: 'application/vnd.apache.arrow.stream' } });
  return { table: tableFromIPC(new Uint8Array(await response.arrayBuffer())), headers: response.headers };
}
