/** What matching a request path against a route pattern gives. */
export type PathMatch =
  | { readonly ok: true; readonly params: Record<string, string> }
  /** the path has the route's shape, but a parameter cannot be used: answer 400 with `message` */
  | { readonly ok: false; readonly param: string; readonly message: string };

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Match "/api/v1/models/:name/versions" against a raw request path (still %-encoded); null when it
 * does not fit. Each parameter is %-decoded; a malformed escape (`%`, `%E0%A4%A`, bytes that are not
 * UTF-8) or a decoded control character (`%00`, `%0A`) is refused, naming the parameter.
 */
export function matchPath(pattern: string, path: string): PathMatch | null {
  const p = pattern.split('/');
  const a = path.split('/');
  if (p.length !== a.length) return null;
  const raw: [string, string][] = [];
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!;
    if (seg.startsWith(':')) {
      if (!a[i]) return null;
      raw.push([seg.slice(1), a[i]!]);
    } else if (seg !== a[i]) return null;
  }
  const params: Record<string, string> = {};
  for (const [name, text] of raw) {
    let value: string;
    try {
      value = decodeURIComponent(text);
    } catch {
      return { ok: false, param: name, message: `the path parameter "${name}" is not valid %-encoded UTF-8: encode it with encodeURIComponent` };
    }
    const c = CONTROL.exec(value);
    if (c) return { ok: false, param: name, message: `the path parameter "${name}" contains a control character (U+${c[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}): remove it` };
    params[name] = value;
  }
  return { ok: true, params };
}

/**
 * The path and query of a request target: origin-form ("/a/b?q") is split as sent (no
 * normalization), absolute-form ("http://host/a?q") is parsed; anything else ("*", "//[::1",
 * "http://a:99999999/") is null — answer 400.
 */
export function splitTarget(target: string): { readonly path: string; readonly query: string } | null {
  if (target.startsWith('/') && !target.startsWith('//')) {
    const q = target.indexOf('?');
    return q < 0 ? { path: target, query: '' } : { path: target.slice(0, q), query: target.slice(q) };
  }
  if (!/^https?:\/\//i.test(target)) return null;
  try {
    const u = new URL(target);
    return { path: u.pathname, query: u.search };
  } catch {
    return null;
  }
}
