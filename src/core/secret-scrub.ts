/**
 * Upstream services (GitHub, MLflow, Slack, a webhook receiver) sometimes echo the request's
 * credentials in an error body. Whatever Steward stores, shows or logs from them passes through a
 * scrubber first: every configured secret is replaced, and so is anything that looks like a
 * credential in an Authorization header.
 */
export type Scrub = (text: string) => string;

export const REDACTED = '[redacted]';

/** Secrets shorter than this are not searched for (they would match ordinary words). */
const MIN_SECRET_LENGTH = 6;

/** "Authorization: Bearer abc…", "token abc…", "Basic dXNl…": the scheme stays, the credential goes */
const SCHEME_CREDENTIAL = /\b(Bearer|Basic|token|Bot)(\s+|%20)(?=[A-Za-z._~+/=:-]*[0-9])[A-Za-z0-9._~+/=:-]{12,}/gi;
/** well-known token shapes: GitHub, Slack, OpenAI-style keys */
const TOKEN_SHAPES = /\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[abposr]-[A-Za-z0-9-]{8,}|xapp-[A-Za-z0-9-]{8,}|sk-[A-Za-z0-9_-]{16,})/g;

/** A scrubber for these secrets (empty or short ones are ignored). */
export function secretScrubber(secrets: readonly (string | null | undefined)[]): Scrub {
  const list = [...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH))].sort((a, b) => b.length - a.length);
  // also the forms a secret takes when echoed inside JSON or a URL
  const forms = [...new Set(list.flatMap((s) => [s, JSON.stringify(s).slice(1, -1), encodeURIComponent(s)]))].filter((s) => s.length >= MIN_SECRET_LENGTH);
  return (text: string) => {
    if (!text) return text;
    let out = text;
    for (const s of forms) if (out.includes(s)) out = out.split(s).join(REDACTED);
    return out.replace(SCHEME_CREDENTIAL, (_m, scheme: string, sep: string) => `${scheme}${sep}${REDACTED}`).replace(TOKEN_SHAPES, REDACTED);
  };
}

/** Scrubs nothing: for tests and places with no configured secrets. */
export const noScrub: Scrub = (t) => t;
