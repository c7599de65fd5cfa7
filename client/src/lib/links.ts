// URLs with a query of filters (unset and empty ones left out): in-app links that carry the view's filters,
// so the next screen opens on the same run, payer, practice…, and the API calls made with them.
export function href(path: string, params: Record<string, string | null | undefined> = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

export const measureHref = (measureId: string, params: Record<string, string | null | undefined> = {}) =>
  href(`/measures/${encodeURIComponent(measureId)}`, params);

export const patientHref = (patientId: string, params: Record<string, string | null | undefined> = {}) =>
  href(`/patients/${encodeURIComponent(patientId)}`, params);
