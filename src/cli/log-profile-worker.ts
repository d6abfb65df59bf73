import { once } from 'node:events';
import { parentPort, workerData } from 'node:worker_threads';
import { err, ok } from '../core/result.js';
import { basisFromJson, type BasisJson } from '../monitoring/domain/profile/basis-json.js';
import { profileToJson } from '../monitoring/domain/profile/profile-json.js';
import { profileFile } from '../monitoring/profile-file.js';

/**
 * The reading and profiling of `steward log-profile`, on a worker thread whose heap is capped
 * (log-profile-command.ts): decoding a big file makes garbage fast, and a capped heap is collected
 * before it grows, which keeps the process's memory bounded. Each time profiles are ready to go it
 * posts {t: "hours", hours: [[hour ms, steward.profile/1 JSON], …]} and waits for {t: "go"} (sent)
 * or {t: "stop"} (sending failed: the main thread says why); at the end {t: "done", rows, hours,
 * parts} or {t: "failed", code, message}.
 */

export interface ProfileWorkerData {
  readonly file: string;
  readonly label: string;
  readonly sensitive: readonly string[];
  readonly hourMs: number;
  readonly hourGiven: boolean;
  readonly basis: BasisJson;
}

const port = parentPort!;
const d = workerData as ProfileWorkerData;
const r = await profileFile({ file: d.file, label: d.label, sensitive: d.sensitive, hour: new Date(d.hourMs), hourGiven: d.hourGiven }, basisFromJson(d.basis), async (hours) => {
  port.postMessage({ t: 'hours', hours: [...hours].map(([h, p]) => [h, profileToJson(p)]) });
  const [answer] = (await once(port, 'message')) as [{ t: 'go' | 'stop' }];
  return answer.t === 'go' ? ok(undefined) : err('unavailable', 'sending stopped');
});
port.postMessage(r.ok ? { t: 'done', ...r.value } : { t: 'failed', code: r.error.code, message: r.error.message });
