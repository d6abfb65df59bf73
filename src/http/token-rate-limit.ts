/**
 * Requests per minute per API token, in this process (a token bucket per token: `perMinute` at once,
 * refilled evenly over the minute). Several replicas each allow the rate.
 */
export interface TokenRateLimit {
  /** null: allowed; else the seconds to wait before the next request would be */
  take(token: string, now: Date): number | null;
}

export function tokenRateLimit(perMinute: number | null): TokenRateLimit {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(token, now) {
      if (perMinute === null) return null;
      const t = now.getTime();
      const b = buckets.get(token) ?? { tokens: perMinute, at: t };
      b.tokens = Math.min(perMinute, b.tokens + ((t - b.at) / 60_000) * perMinute);
      b.at = t;
      buckets.set(token, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return null;
      }
      return Math.max(1, Math.ceil(((1 - b.tokens) / perMinute) * 60));
    },
  };
}
