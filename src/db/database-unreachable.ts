/**
 * Opening PostgreSQL failed for a reason the operator fixes in DATABASE_URL or on the server (it is
 * down, the host or database does not exist, the login is refused): the message is one line saying
 * so and what to do. It names host, port, database and user — never the password.
 */
export class DatabaseUnreachable extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'DatabaseUnreachable';
  }
}

/** The error code of `e` or of what caused it (postgres.js errors carry a Node or SQLSTATE `code`). */
function codeOf(e: unknown): string | undefined {
  let x: unknown = e;
  for (let i = 0; i < 6 && x && typeof x === 'object'; i++) {
    const o = x as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof o.code === 'string') return o.code;
    // a host with several addresses (localhost: ::1 and 127.0.0.1) fails with one error per address
    if (Array.isArray(o.errors) && o.errors.length) x = o.errors[0];
    else x = o.cause;
  }
  return undefined;
}

/** What a DATABASE_URL points at, for a message: host:port (or the socket directory), database, user. */
function target(url: string): { at: string; host: string; database: string; user: string } {
  try {
    const u = new URL(url);
    const socket = u.searchParams.get('host');
    const host = socket ?? (u.hostname.replace(/^\[|\]$/g, '') || 'localhost');
    const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || decodeURIComponent(u.username) || 'postgres';
    return { at: socket ? `the socket in ${socket}` : `${u.hostname || 'localhost'}:${u.port || '5432'}`, host, database, user: decodeURIComponent(u.username) || 'the default user' };
  } catch {
    return { at: 'the server in DATABASE_URL', host: '?', database: '?', user: '?' };
  }
}

const shellWord = (s: string) => (/^[A-Za-z0-9_.-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** `e` (from the first connection to `url`) as a DatabaseUnreachable, or null when it is something else. */
export function databaseUnreachable(e: unknown, url: string): DatabaseUnreachable | null {
  const code = codeOf(e);
  if (!code) return null;
  const t = target(url);
  const cannotReach = (why: string, todo: string) => new DatabaseUnreachable(`cannot reach PostgreSQL at ${t.at} (DATABASE_URL): ${why}. ${todo}`, code);
  switch (code) {
    case 'ECONNREFUSED':
      return cannotReach('connection refused', 'Start the database or fix DATABASE_URL.');
    case 'ENOENT': // a Unix socket that is not there
      return cannotReach('no server is listening there', 'Start the database or fix DATABASE_URL.');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return cannotReach(`host ${t.host} not found`, 'Fix the host in DATABASE_URL.');
    case 'ETIMEDOUT':
    case 'CONNECT_TIMEOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return cannotReach('no answer', 'Check that the database is running and reachable from here, or fix DATABASE_URL.');
    case '3D000':
      return new DatabaseUnreachable(`database "${t.database}" does not exist (DATABASE_URL): create it (createdb ${shellWord(t.database)}) or fix DATABASE_URL.`, code);
    case '28P01':
    case '28000':
      return new DatabaseUnreachable(`PostgreSQL at ${t.at} refused the login of ${t.user === 'the default user' ? t.user : `user "${t.user}"`} (DATABASE_URL): check the user and password in DATABASE_URL.`, code);
    default:
      return null;
  }
}
