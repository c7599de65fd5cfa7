// Fetching from the Caliper API. Every API error has one shape, { error: { code, message } }
// (server/app.ts); it becomes an ApiError so screens can show the code and message as sent.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown };
}

/** The ApiError for a non-2xx response, read from its JSON body when it has the API's shape. */
async function errorFrom(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as ErrorBody | null;
  const code = typeof body?.error?.code === 'string' ? body.error.code : `Http${response.status}`;
  const message = typeof body?.error?.message === 'string' ? body.error.message : response.statusText || 'Request failed';
  return new ApiError(response.status, code, message);
}

/** Set by the session (lib/auth/session.svelte.ts): the CSRF token that state-changing requests echo in
 *  X-CSRF-Token (server/auth/authenticate.ts), and what to do when the server says the session is gone. */
export const auth = { csrfToken: '', onUnauthenticated: (): void => {} };

/** fetch() that turns network failures and error statuses into ApiError. */
export async function request(path: string, init: RequestInit = {}): Promise<Response> {
  const method = (init.method ?? 'GET').toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') {
    const headers = new Headers(init.headers);
    headers.set('x-csrf-token', auth.csrfToken);
    init = { ...init, headers };
  }
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'NetworkError', 'Could not reach the Caliper server');
  }
  if (response.status === 401) auth.onUnauthenticated();
  if (!response.ok) throw await errorFrom(response);
  return response;
}

export async function getJson<T>(path: string): Promise<T> {
  const response = await request(path, { headers: { accept: 'application/json' } });
  return (await response.json()) as T;
}
