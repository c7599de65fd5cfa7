// Who is signed in. The session itself is an httpOnly cookie the page never sees; the client keeps the
// user (for navigation by role) and the CSRF token that state-changing requests echo (lib/api/http.ts).
// Any 401 from the API means the session ended (expired, signed out elsewhere, user disabled): the app
// then shows the sign-in form in place of the screen, and the screen returns after signing in.
import { auth, getJson, request } from '../api/http.ts';

export type Role = 'admin' | 'network' | 'practice' | 'exporter';

export interface SessionUser {
  username: string;
  role: Role;
  /** the practices a practice user sees; empty for the other roles */
  practice_ids: string[];
}

interface SignedIn {
  user: SessionUser;
  csrf_token: string;
}

class Session {
  status = $state<'checking' | 'signedOut' | 'signedIn'>('checking');
  user = $state.raw<SessionUser | null>(null);

  constructor() {
    auth.onUnauthenticated = () => this.clear();
  }

  private set({ user, csrf_token }: SignedIn): void {
    auth.csrfToken = csrf_token;
    this.user = user;
    this.status = 'signedIn';
  }

  private clear(): void {
    auth.csrfToken = '';
    this.user = null;
    this.status = 'signedOut';
  }

  /** On start: is this browser already signed in? */
  async check(): Promise<void> {
    try {
      this.set(await getJson<SignedIn>('/api/auth/me'));
    } catch {
      this.clear();
    }
  }

  async signIn(username: string, password: string): Promise<void> {
    const response = await request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    this.set((await response.json()) as SignedIn);
  }

  async signOut(): Promise<void> {
    try {
      await request('/api/auth/logout', { method: 'POST' });
    } finally {
      this.clear();
    }
  }
}

export const session = new Session();
