/**
 * The work after an ack: at most `concurrency` jobs at a time, at most `maxWaiting` queued. Each job
 * starts from setImmediate, so requests already waiting to be acked are read and acked first; when
 * the queue is full the caller answers "busy" instead of letting a burst grow memory and latency
 * without bound (an ack must stay within Slack's 3 s whatever the load).
 */
export class WorkQueue {
  private running = 0;
  private readonly waiting: (() => Promise<void>)[] = [];
  private readonly idleWaiters: (() => void)[] = [];

  constructor(
    readonly concurrency = 8,
    readonly maxWaiting = 500,
  ) {}

  get size(): number {
    return this.running + this.waiting.length;
  }

  /** Queue a job; false when the queue is full. Jobs must handle their own errors. */
  offer(job: () => Promise<void>): boolean {
    if (this.waiting.length >= this.maxWaiting) return false;
    this.waiting.push(job);
    setImmediate(() => this.pump());
    return true;
  }

  /** Resolves when nothing is running or waiting (shutdown, tests). */
  idle(): Promise<void> {
    return this.size === 0 ? Promise.resolve() : new Promise((r) => this.idleWaiters.push(r));
  }

  private pump(): void {
    while (this.running < this.concurrency && this.waiting.length) {
      const job = this.waiting.shift()!;
      this.running++;
      job()
        .catch(() => undefined)
        .finally(() => {
          this.running--;
          if (this.size === 0) for (const r of this.idleWaiters.splice(0)) r();
          else setImmediate(() => this.pump());
        });
    }
  }
}
