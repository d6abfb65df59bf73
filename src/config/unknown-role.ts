import { suggest } from '../core/suggest.js';

/** The message for a role name that steward.yaml uses but does not define: a near miss is named first. */
export function unknownRole(role: string, roles: Readonly<Record<string, unknown>>): string {
  const names = Object.keys(roles);
  const close = suggest(role, names);
  return `unknown role "${role}"${close.length ? ` (did you mean "${close[0]}"?)` : ''}; define it under roles: or use one of ${names.join(', ')}`;
}
