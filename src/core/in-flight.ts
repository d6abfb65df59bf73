/**
 * The jobs a runner is running now, by id: each id runs at most once at a time in this process,
 * nothing new starts after stop(), and idle()/stop() wait for what is running. Used by the deploy
 * and training runners.
 */
export class InFlight {
  private readonly running = new Map<number, Promise<void>>();
  private stopped = false;

  /** Starts `run` for `id` unless it is already running here or the runner stopped; a crash goes to `crashed`. */
  start(id: number, run: () => Promise<void>, crashed: (e: unknown) => void): void {
    if (this.stopped || this.running.has(id)) return;
    const p = run()
      .catch(crashed)
      .finally(() => this.running.delete(id));
    this.running.set(id, p);
  }

  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running.values()]);
  }

  /** Stop taking work and wait for what is running. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.idle();
  }
}
