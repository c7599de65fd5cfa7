// A request that follows the screen's state: `fetcher` reads reactive values (URL filters), and whenever
// they change it runs again. The last data stays on screen while the next request runs, so filters and
// focus stay in place; only the latest request's answer is kept. Data is held raw (not deeply proxied),
// which matters for 100k-row Arrow tables. A fetcher returns null while a request cannot be made yet (it
// waits on another Load); that counts as loading. Create during component initialisation ($effect).
export class Load<T> {
  data = $state.raw<T | undefined>(undefined);
  error = $state.raw<unknown>(undefined);
  loading = $state(true);
  private attempt = $state(0);

  constructor(fetcher: () => Promise<T> | null) {
    $effect(() => {
      void this.attempt;
      const request = fetcher();
      let current = true;
      this.loading = true;
      request?.then(
        (data) => {
          if (!current) return;
          this.data = data;
          this.error = undefined;
          this.loading = false;
        },
        (error: unknown) => {
          if (!current) return;
          this.error = error;
          this.loading = false;
        },
      );
      return () => {
        current = false;
      };
    });
  }

  retry = (): void => {
    this.attempt++;
  };
}
