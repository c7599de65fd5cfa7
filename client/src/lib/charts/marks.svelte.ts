// Keyboard and pointer focus over a chart's marks: the chart is one Tab stop and the arrow keys (Home/End)
// move between its marks (the roving-tabindex pattern, WAI-ARIA APG), so a plot of 60 providers does not
// add 60 Tab stops. The mark under focus or the pointer is the one whose tooltip shows.
export class MarkFocus {
  /** the mark that takes Tab focus; -1 before any */
  focused = $state(-1);
  hovered = $state(-1);
  readonly shown = $derived(this.hovered >= 0 ? this.hovered : this.focused);

  constructor(private readonly count: () => number) {}

  tabindex(i: number): 0 | -1 {
    return i === Math.max(0, this.focused) ? 0 : -1;
  }

  /** keydown on the SVG: moves focus to the next/previous/first/last mark. */
  keydown = (event: KeyboardEvent): void => {
    const n = this.count();
    if (n === 0) return;
    const current = Math.max(0, this.focused);
    const next: Record<string, number> = {
      ArrowRight: Math.min(n - 1, current + 1),
      ArrowDown: Math.min(n - 1, current + 1),
      ArrowLeft: Math.max(0, current - 1),
      ArrowUp: Math.max(0, current - 1),
      Home: 0,
      End: n - 1,
    };
    const target = next[event.key];
    if (target === undefined) return;
    event.preventDefault();
    this.focused = target;
    const svg = event.currentTarget as SVGElement;
    svg.querySelectorAll<SVGElement>('[data-mark]')[target]?.focus();
  };

  /** The attributes of mark i, a focusable image named by `label` (its tooltip says the same): spread them on
   * the mark's element. */
  mark(i: number, label: string) {
    return { 'data-mark': '', role: 'img', tabindex: this.tabindex(i), 'aria-label': label, ...this.handlers(i) };
  }

  /** Handlers for mark i. */
  handlers(i: number) {
    return {
      onfocus: () => (this.focused = i),
      onblur: () => {
        if (this.focused === i) this.focused = -1;
      },
      onpointerenter: () => (this.hovered = i),
      onpointerleave: () => {
        if (this.hovered === i) this.hovered = -1;
      },
    };
  }
}
