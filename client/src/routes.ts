// The screens: path pattern → page. The header's navigation lists the screens marked `nav`, in this
// order; the others (one measure, one patient) are reached by links and carry their id in the path.
import type { Component } from 'svelte';
import { router } from './lib/router.svelte.ts';
import Exports from './pages/Exports.svelte';
import Measure from './pages/Measure.svelte';
import Overview from './pages/Overview.svelte';
import Patient from './pages/Patient.svelte';
import Planner from './pages/Planner.svelte';
import Sources from './pages/Sources.svelte';
import Worklist from './pages/Worklist.svelte';
import type { Role } from './lib/auth/session.svelte.ts';
import AdminAudit from './pages/admin/Audit.svelte';
import AdminUpload from './pages/admin/Upload.svelte';
import AdminUsers from './pages/admin/Users.svelte';

export interface Screen {
  /** '/measures/:measureId': a `:name` segment matches one path segment */
  path: string;
  title: string;
  page: Component;
  nav: boolean;
  /** the roles whose navigation lists it (every role when absent); the API enforces access itself */
  roles?: Role[];
}

export const screens: Screen[] = [
  { path: '/', title: 'Overview', page: Overview, nav: true },
  { path: '/worklist', title: 'Care gaps', page: Worklist, nav: true, roles: ['admin', 'network', 'practice'] },
  { path: '/sources', title: 'Data sources', page: Sources, nav: true },
  { path: '/exports', title: 'Exports', page: Exports, nav: true },
  { path: '/planner', title: 'ACO planner', page: Planner, nav: true },
  { path: '/measures/:measureId', title: 'Measure', page: Measure, nav: false },
  { path: '/patients/:patientId', title: 'Patient', page: Patient, nav: false },
  { path: '/admin/users', title: 'Users', page: AdminUsers, nav: true, roles: ['admin'] },
  { path: '/admin/audit', title: 'Audit log', page: AdminAudit, nav: true, roles: ['admin'] },
  { path: '/admin/upload', title: 'Upload', page: AdminUpload, nav: true, roles: ['admin'] },
];

/** The params of `path` under `pattern`, or null when it does not match. */
function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const have = path.split('/');
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (const [i, segment] of want.entries()) {
    const actual = have[i]!;
    if (segment.startsWith(':')) {
      if (actual === '') return null;
      params[segment.slice(1)] = decodeURIComponent(actual);
    } else if (segment !== actual) return null;
  }
  return params;
}

export function screenFor(path: string): { screen: Screen; params: Record<string, string> } | undefined {
  const normalized = path.length > 1 ? path.replace(/\/+$/, '') : path;
  for (const screen of screens) {
    const params = match(screen.path, normalized);
    if (params) return { screen, params };
  }
  return undefined;
}

/** The current path's `:name` segments (reactive: reads the router's path). */
export const pathParams = (): Record<string, string> => screenFor(router.path)?.params ?? {};
