// Admin API (server/routes/users.ts, audit.ts, uploads.ts): users, the audit log and extract uploads.
import { auth, getJson, request, ApiError } from './http.ts';
import type { Role } from '../auth/session.svelte.ts';

export interface User {
  user_id: number;
  username: string;
  role: Role;
  practice_ids: string[];
  disabled: boolean;
  /** ISO-8601 UTC */
  created_at: string;
  open_sessions: number;
}

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  practice_ids: string[];
}

const sendJson = async <T>(path: string, method: string, body: unknown): Promise<T> => {
  const response = await request(path, { method, headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });
  return (await response.json()) as T;
};

export const fetchUsers = () => getJson<{ users: User[] }>('/api/users');
export const addUser = (user: NewUser) => sendJson<{ user: User }>('/api/users', 'POST', user);
export const setDisabled = (username: string, disabled: boolean) => sendJson<{ user: User }>(`/api/users/${encodeURIComponent(username)}`, 'PATCH', { disabled });

export interface AuditEntry {
  audit_id: number;
  accessed_at: string;
  username: string;
  role: Role;
  route: string;
  request: string;
  /** null when only the count was recorded (long lists) */
  patient_ids: string[] | null;
  patient_count: number;
}

export interface AuditPage {
  entries: AuditEntry[];
  total: number;
  page: number;
  per_page: number;
}

export function fetchAudit(filters: { page: number; username?: string; patient?: string }): Promise<AuditPage> {
  const params = new URLSearchParams({ page: String(filters.page), per_page: '50' });
  if (filters.username) params.set('username', filters.username);
  if (filters.patient) params.set('patient', filters.patient);
  return getJson<AuditPage>(`/api/audit?${params}`);
}

export interface ContentCount {
  resource_type: string;
  read: number;
  loaded: number;
  rejected: number;
}

export interface UploadJob {
  upload_id: string;
  practice_id: string;
  username: string;
  files: number;
  bytes: number;
  status: 'queued' | 'loading' | 'done' | 'failed';
  started_at: string;
  progress: string[];
  summary?: {
    files: { path: string; status: 'loaded' | 'empty' | 'skipped' | 'failed'; counts: ContentCount[] }[];
    counts: ContentCount[];
    link: { records: number; patients: number };
  };
  rejects?: { path: string; line_no: number | null; resource_type: string | null; reason: string; detail: string | null }[];
  error?: string;
}

export const fetchUpload = (uploadId: string) => getJson<{ upload: UploadJob }>(`/api/uploads/${encodeURIComponent(uploadId)}`);

/** POST /api/uploads with upload progress (fetch cannot report it; XMLHttpRequest can). */
export function sendUpload(practiceId: string, files: File[], onProgress: (fraction: number) => void): Promise<UploadJob> {
  const form = new FormData();
  form.set('practice_id', practiceId);
  for (const file of files) form.append('files', file, file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/uploads');
    xhr.setRequestHeader('x-csrf-token', auth.csrfToken);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiError(0, 'NetworkError', 'Could not reach the Caliper server'));
    xhr.onload = () => {
      const body = xhr.response as { upload?: UploadJob; error?: { code: string; message: string } } | null;
      if (xhr.status === 401) auth.onUnauthenticated();
      if (xhr.status === 202 && body?.upload) resolve(body.upload);
      else reject(new ApiError(xhr.status, body?.error?.code ?? `Http${xhr.status}`, body?.error?.message ?? 'Upload failed'));
    };
    xhr.send(form);
  });
}
