// Progress on stderr: patient records done / total, rate and ETA; redrawn in place on a terminal, a line every
// few seconds otherwise (CI logs).
export class Progress {
  private readonly started = Date.now();
  private lastDraw = 0;
  private readonly tty = process.stderr.isTTY === true;

  constructor(private readonly total: number) {}

  update(done: number, force = false): void {
    const now = Date.now();
    if (!force && now - this.lastDraw < (this.tty ? 200 : 5000)) return;
    this.lastDraw = now;
    const seconds = Math.max(0.001, (now - this.started) / 1000);
    const rate = done / seconds;
    const eta = rate > 0 ? (this.total - done) / rate : 0;
    const width = 30;
    const filled = Math.round((width * done) / Math.max(1, this.total));
    const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
    const line = `[${bar}] ${done.toLocaleString('en-US')}/${this.total.toLocaleString('en-US')} patient records  ${Math.round(rate).toLocaleString('en-US')}/s  ETA ${formatSeconds(eta)}`;
    process.stderr.write(this.tty ? `\r${line}` : `${line}\n`);
  }

  done(): void {
    this.update(this.total, true);
    if (this.tty) process.stderr.write('\n');
  }
}

function formatSeconds(s: number): string {
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.round(s)}s`;
}
