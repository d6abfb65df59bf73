/**
 * A one-line progress bar on stderr for reading big files — only when stderr is a terminal, so
 * pipelines and logs never see carriage returns.
 */
export interface Progress {
  /** bytes read so far of `total` */
  update(done: number, total: number): void;
  done(): void;
}

export const noProgress: Progress = { update() {}, done() {} };

interface TtyLike {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(s: string): boolean;
}

/** Files under this size finish too fast for a bar to help. */
export const PROGRESS_MIN_BYTES = 16 * 1024 * 1024;

export function terminalProgress(label: string, totalBytes: number, stream: TtyLike, opts: { minBytes?: number; intervalMs?: number; now?: () => number } = {}): Progress {
  if (!stream.isTTY || totalBytes < (opts.minBytes ?? PROGRESS_MIN_BYTES)) return noProgress;
  const now = opts.now ?? Date.now;
  const interval = opts.intervalMs ?? 100;
  let last = Number.NEGATIVE_INFINITY;
  let shown = false;
  const mb = (b: number) => (b / 1048576).toFixed(0);
  return {
    update(done, total) {
      const t = now();
      if (t - last < interval) return;
      last = t;
      const frac = total > 0 ? Math.min(1, done / total) : 0;
      const width = 30;
      const fill = Math.round(frac * width);
      stream.write(`\r${label} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${(frac * 100).toFixed(0).padStart(3)}%  ${mb(done)}/${mb(total)} MB`);
      shown = true;
    },
    done() {
      if (shown) stream.write(`\r${' '.repeat(Math.min(stream.columns ?? 80, 100))}\r`);
    },
  };
}
