// Every route of an app, read from its router stack (so a route added later is in the list without
// anyone editing a test): method and full path pattern, e.g. { method: 'GET', path: '/api/patients/:patientId' }.
import type { Express } from 'express';

export interface ApiRoute {
  method: string;
  path: string;
}

interface Layer {
  rawPath?: string;
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

const join = (prefix: string, path: string) => (path === '/' ? prefix || '/' : `${prefix}${path}`);

function walk(stack: Layer[], prefix: string): ApiRoute[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const methods = Object.keys(layer.route.methods).filter((m) => m !== '_all');
      return methods.map((m) => ({ method: m.toUpperCase(), path: join(prefix, layer.route!.path) }));
    }
    if (layer.handle?.stack) return walk(layer.handle.stack, typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? join(prefix, layer.rawPath) : prefix);
    return [];
  });
}

/** The app's routes under /api, in registration order. */
export function apiRoutes(app: Express): ApiRoute[] {
  const router = (app as unknown as { router: { stack: Layer[] } }).router;
  return walk(router.stack, '').filter((r) => r.path.startsWith('/api/'));
}

export const routeKey = (r: ApiRoute) => `${r.method} ${r.path}`;

/** The path with each `:name` replaced by values[name]; throws for a parameter without a value. */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/:(\w+)/g, (_m, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`No test value for :${name} in ${path}: add one`);
    return encodeURIComponent(value);
  });
}
