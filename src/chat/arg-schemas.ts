import { z } from 'zod';
import { MODEL_NAME_RE, parseMetricPairs } from '../registry/domain/validation.js';

/** Zod pieces shared by declarations. Messages say what is expected and echo what was given. */
/** A string check whose message can quote the value it rejects. */
const checked = (pred: (s: string) => boolean, message: (s: string) => string) =>
  z.string().superRefine((s, ctx) => {
    if (!pred(s)) ctx.addIssue({ code: 'custom', message: message(s) });
  });

export const modelArg = checked((s) => MODEL_NAME_RE.test(s), (s) => `\`${s}\` is not a model name: use a lowercase slug like fraud-detector`);

export const versionArg = z.string().transform((s, ctx) => {
  const m = /^v?(\d{1,9})$/i.exec(s);
  if (!m || Number(m[1]) < 1) {
    ctx.addIssue({ code: 'custom', message: `\`${s}\` is not a version number: use 7 or v7` });
    return z.NEVER;
  }
  return Number(m[1]);
});

export const envArg = z.string().min(1);

export const sha256Flag = z.string().transform((s, ctx) => {
  const t = s.trim().toLowerCase().replace(/^sha256:/, '');
  if (!/^[0-9a-f]{64}$/.test(t)) {
    ctx.addIssue({ code: 'custom', message: `a sha256 digest is 64 hex characters; this one has ${t.length}${/[^0-9a-f]/.test(t) ? ' and non-hex characters' : ''}` });
    return z.NEVER;
  }
  return t;
});

export const commitFlag = z.string().regex(/^[0-9a-fA-F]{7,40}$/, 'a commit is 7–40 hex characters');

export const uriFlag = checked(
  (s) => s.length <= 2048 && (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/\S+$/.test(s) || /^\/\S*$/.test(s)),
  (s) => `\`${s.slice(0, 80)}\` is not a URI: use s3://bucket/key, gs://…, https://… or an absolute path`,
);

/** Repeated NAME=VALUE with numeric values -> record. */
export const metricsFlag = z
  .array(z.string())
  .optional()
  .transform((pairs, ctx) => {
    const r = parseMetricPairs(pairs ?? []);
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: r.message });
      return z.NEVER;
    }
    return r.value;
  });

/** Repeated KEY=VALUE params: numbers and booleans typed, the rest strings. */
export const paramsFlag = z
  .array(z.string())
  .optional()
  .transform((pairs, ctx) => {
    const out: Record<string, string | number | boolean> = {};
    for (const p of pairs ?? []) {
      const eq = p.indexOf('=');
      if (eq <= 0) {
        ctx.addIssue({ code: 'custom', message: `takes KEY=VALUE, got \`${p}\`` });
        return z.NEVER;
      }
      const raw = p.slice(eq + 1);
      out[p.slice(0, eq)] = raw === 'true' ? true : raw === 'false' ? false : raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
    }
    return out;
  });

export const textFlag = (max = 2000) => z.string().min(1).max(max);

/** A whole number in [min, max] (a count such as --limit); the message says what to type. */
export const wholeNumberArg = (min: number, max: number) =>
  z.string().transform((s, ctx) => {
    const t = s.trim();
    if (!/^\d+$/.test(t) || Number(t) < min || Number(t) > max) {
      ctx.addIssue({ code: 'custom', message: `give a whole number from ${min} to ${max}; got \`${s}\`` });
      return z.NEVER;
    }
    return Number(t);
  });

/** A share between 0 and 1, e.g. 0.25. */
export const shareArg = z.string().transform((s, ctx) => {
  const t = s.trim();
  const v = /^(\d+(\.\d*)?|\.\d+)$/.test(t) ? Number(t) : Number.NaN;
  if (!(v >= 0 && v <= 1)) {
    ctx.addIssue({ code: 'custom', message: `give a share between 0 and 1, e.g. 0.25; got \`${s}\`` });
    return z.NEVER;
  }
  return v;
});
