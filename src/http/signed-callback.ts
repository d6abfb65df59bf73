import { oneLine } from '../deploy/targets/http-call.js';
import { verify } from '../deploy/targets/signature.js';
import type { HttpRequest, HttpResponse } from './http-server.js';

export const fail = (status: number, error: string, message: string): HttpResponse => ({ status, body: { error, message: oneLine(message.replace(/`/g, '')) } });
/** ids are PostgreSQL serials */
const MAX_ID = 2_147_483_647;

export interface CallbackSpec {
  /** the field of the signed body that names what it reports on: "deploymentId", "trainingRunId" */
  readonly idField: string;
  /** "deployment", "training run" */
  readonly noun: string;
  readonly path: (id: number) => string;
  /** what a good body looks like, for 400 answers */
  readonly shape: string;
  readonly statuses: readonly string[];
}

export interface SignedCallback {
  readonly id: number;
  /** the secret that signed it (the caller checks it belongs to what the id names) */
  readonly secret: string;
  readonly body: Readonly<Record<string, unknown>>;
}

export interface CallbackReport {
  readonly status: string;
  readonly message: string | null;
  readonly url: string | null;
}

/**
 * A signed callback read and checked, shared by the deploy and training callbacks: the signature
 * first (against every candidate secret), so an unsigned, stale or forged one gets the same 401
 * whether or not its subject exists; then the body must name the subject of the path.
 * `refuse` turns a reason into the 401 (and logs it).
 */
export function readSignedCallback(req: HttpRequest, secrets: readonly string[], now: Date, spec: CallbackSpec, refuse: (reason: string) => HttpResponse): { ok: true; callback: SignedCallback } | { ok: false; response: HttpResponse } {
  const idText = req.params.id ?? '';
  const v = verify(req.headers, req.body, secrets, now);
  if (!v.ok) return { ok: false, response: refuse(v.error.message) };
  let body: unknown;
  try {
    body = JSON.parse(req.body.toString('utf8'));
  } catch {
    return { ok: false, response: fail(400, 'bad_input', `the body is not JSON: ${spec.shape}`) };
  }
  const b = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const rawId = b[spec.idField];
  if (typeof rawId !== 'number' || !Number.isSafeInteger(rawId) || rawId < 1) return { ok: false, response: fail(400, 'bad_input', `the signed body must name its ${spec.noun}: ${spec.shape}`) };
  const id = rawId;
  if (idText !== String(id)) return { ok: false, response: refuse(`this callback is signed for ${spec.noun} #${id}, not for "${oneLine(idText, 40)}": a signed callback reports on the one ${spec.noun} its body names; send it to ${spec.path(id)}`) };
  if (id > MAX_ID) return { ok: false, response: fail(404, 'not_found', `there is no ${spec.noun} #${id}`) };
  return { ok: true, callback: { id, secret: v.value.secret, body: b } };
}

/** The report in a signed body: status (one of spec.statuses), message, url. */
export function callbackReport(b: Readonly<Record<string, unknown>>, spec: CallbackSpec): { ok: true; report: CallbackReport } | { ok: false; response: HttpResponse } {
  if (typeof b.status !== 'string' || !spec.statuses.includes(b.status)) return { ok: false, response: fail(400, 'bad_input', `status must be ${spec.statuses.map((s) => `"${s}"`).join(' or ')}: ${spec.shape}`) };
  if (b.message !== undefined && b.message !== null && typeof b.message !== 'string') return { ok: false, response: fail(400, 'bad_input', 'message must be a string') };
  if (b.url !== undefined && b.url !== null && (typeof b.url !== 'string' || !/^https?:\/\/\S+$/.test(b.url) || b.url.length > 2000)) return { ok: false, response: fail(400, 'bad_input', 'url must be an http(s) URL') };
  return {
    ok: true,
    report: { status: b.status, message: typeof b.message === 'string' && b.message.trim() ? oneLine(b.message) : null, url: typeof b.url === 'string' ? b.url : null },
  };
}
