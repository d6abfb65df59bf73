import type { CommandSpec } from './command-spec.js';

/** Every verb declared once. Duplicate names are refused when the registry is built (at start). */
export class CommandRegistry {
  private readonly byName = new Map<string, CommandSpec<unknown>>();

  constructor(specs: readonly CommandSpec<any>[]) {
    for (const s of specs) {
      if (!/^[a-z][a-z-]*$/.test(s.name)) throw new Error(`command name "${s.name}" must be lowercase letters and dashes`);
      if (this.byName.has(s.name)) throw new Error(`command "${s.name}" is declared twice`);
      this.byName.set(s.name, s as CommandSpec<unknown>);
    }
  }

  get(name: string): CommandSpec<unknown> | undefined {
    return this.byName.get(name);
  }

  list(surface?: 'chat' | 'cli'): CommandSpec<unknown>[] {
    return [...this.byName.values()].filter((s) => !surface || !s.surfaces || s.surfaces.includes(surface));
  }

  names(surface?: 'chat' | 'cli'): string[] {
    return this.list(surface).map((s) => s.name);
  }
}
