// Large tables (worklists, patient lists) come as Arrow IPC streams (server/db/arrow.ts builds them);
// this decodes one into an apache-arrow Table without copying rows into objects.
import { tableFromIPC, type Table } from 'apache-arrow';
import { request } from './http.ts';

export async function getArrow(path: string): Promise<Table> {
  const response = await request(path, { headers: { accept: 'application/vnd.apache.arrow.stream' } });
  return tableFromIPC(new Uint8Array(await response.arrayBuffer()));
}
