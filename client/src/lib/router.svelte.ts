// The URL is the state of the view: the path names the screen and the query string carries its
// filters, so any view can be bookmarked, shared and reloaded (the server answers every non-/api
// path with index.html; server/app.ts). History API only, no hash routing.
class Router {
  path = $state(window.location.pathname);
  search = $state(window.location.search);
  readonly query = $derived(new URLSearchParams(this.search));

  constructor() {
    window.addEventListener('popstate', () => this.sync());
  }

  private sync(): void {
    this.path = window.location.pathname;
    this.search = window.location.search;
  }

  /** Go to an in-app URL (path and optional query), adding a history entry unless `replace`. */
  navigate(href: string, { replace = false } = {}): void {
    const url = new URL(href, window.location.href);
    if (url.pathname + url.search === window.location.pathname + window.location.search) return;
    if (replace) window.history.replaceState(null, '', url);
    else window.history.pushState(null, '', url);
    this.sync();
  }

  /** Set (or, with null/'', remove) query parameters of the current view. */
  setQuery(changes: Record<string, string | null>, { replace = false } = {}): void {
    const params = new URLSearchParams(this.search);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === '') params.delete(key);
      else params.set(key, value);
    }
    const search = params.toString();
    this.navigate(this.path + (search ? `?${search}` : ''), { replace });
  }
}

export const router = new Router();

/**
 * Click handler for the document: same-origin links to app paths navigate in place.
 * Modified clicks (new tab/window), downloads, other targets, in-page anchors and /api links
 * keep the browser's behaviour. Enter on a focused link fires `click`, so keyboard use is covered.
 */
export function interceptLinkClick(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = (event.target as Element | null)?.closest?.('a[href]');
  if (!(anchor instanceof HTMLAnchorElement) || anchor.hasAttribute('download')) return;
  if (anchor.target && anchor.target !== '_self') return;
  const url = new URL(anchor.href);
  if (url.origin !== window.location.origin || url.pathname.startsWith('/api/')) return;
  if (url.hash && url.pathname === window.location.pathname && url.search === window.location.search) return;
  event.preventDefault();
  router.navigate(url.pathname + url.search);
}
