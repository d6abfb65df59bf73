const CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);

/** Is this error (or its cause) the database going away — refused, reset, shut down — rather than a bug? */
export function isConnectionError(e: unknown): boolean {
  let x: unknown = e;
  for (let i = 0; i < 6 && x && typeof x === 'object'; i++) {
    const o = x as { code?: unknown; errno?: unknown; message?: unknown; cause?: unknown };
    if (typeof o.code === 'string' && CODES.has(o.code)) return true;
    if (typeof o.message === 'string' && /ECONNREFUSED|ECONNRESET|terminating connection due to administrator command|Connection terminated|the database system is (shutting down|starting up)/i.test(o.message)) return true;
    x = o.cause;
  }
  return false;
}
