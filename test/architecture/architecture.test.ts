import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderCycle, readTree, type SourceFile, specifiersOf } from './import-graph.js';
import { domainIsPure, isUseCase, onlySurfaceStartersImportAdapters, pagesAreASurface, surfacesAreOutermost, useCasesStayInside } from './layering-rules.js';

/**
 * The layering docs/ARCHITECTURE.md describes, checked on the import graph of src/ and adapters/
 * (type imports and dynamic imports included), so the document and the code cannot drift apart.
 */
const root = join(import.meta.dirname, '../..');
const tree = readTree(root, ['src', 'adapters']);

describe('the layering of src/ and adapters/', () => {
  it('reads the whole tree', () => {
    expect(tree.length).toBeGreaterThan(200);
    expect(tree.filter((f) => isUseCase(f.path)).length).toBeGreaterThan(30);
  });

  it('src/core and every feature domain import only each other, zod and node-cron: no SDK, ORM, driver or node: module', () => {
    expect(domainIsPure(tree)).toEqual([]);
  });

  it('use cases never import the command layer, chat, surfaces, storage adapters, runners or targets', () => {
    expect(useCasesStayInside(tree)).toEqual([]);
  });

  it('nothing in src/ imports adapters/ except the CLI commands that start a surface', () => {
    expect(onlySurfaceStartersImportAdapters(tree)).toEqual([]);
  });

  it('inner layers never import the HTTP server or the CLI', () => {
    expect(surfacesAreOutermost(tree)).toEqual([]);
  });

  it('the read-only pages are imported only by the HTTP routes and the composition (the chat layer sees the PageLinks port)', () => {
    expect(pagesAreASurface(tree)).toEqual([]);
  });

  it('the folder graph has no cycle', () => {
    expect(folderCycle(tree)).toBeNull();
  });

  it('only src/config reads process.env', () => {
    const offenders = tree.filter((f) => !f.path.startsWith('src/config/') && /process\.env/.test(readFileSync(join(root, f.path), 'utf8'))).map((f) => f.path);
    expect(offenders).toEqual([]);
  });
});

describe('the rules catch what they are for (they can fail)', () => {
  const file = (path: string, local: string[] = [], packages: string[] = []): SourceFile => ({ path, local, packages });

  it('reads static, type, re-export, bare and dynamic imports', () => {
    const src = "import { a } from './a.js';\nimport type { B } from '../b.js';\nexport { c } from './c.js';\nimport './side.js';\nconst d = await import('../../adapters/console/x.js');\nimport { App } from '@slack/bolt';";
    expect(specifiersOf(src).sort()).toEqual(['../../adapters/console/x.js', '../b.js', './a.js', './c.js', './side.js', '@slack/bolt'].sort());
  });

  it('a use case importing the command layer is refused', () => {
    const tree2 = [file('src/deploy/request-deployment.ts', ['src/chat/command-context.ts', 'src/ports/store.ts'])];
    expect(useCasesStayInside(tree2)).toEqual(['src/deploy/request-deployment.ts imports src/chat/command-context.ts']);
    expect(useCasesStayInside([file('src/notify/subscribe-add.ts', ['src/notify/chat/announce.ts'])])).toHaveLength(1);
  });

  it('the pages imported by the chat layer or a use case are refused', () => {
    expect(pagesAreASurface([file('src/deploy/chat/deployment-card.ts', ['src/pages/signed-page-links.ts']), file('src/http/page-routes.ts', ['src/pages/layout.ts']), file('src/app/runtime.ts', ['src/pages/pages-key.ts'])])).toEqual(['src/deploy/chat/deployment-card.ts imports src/pages/signed-page-links.ts']);
    expect(useCasesStayInside([file('src/registry/find-model.ts', ['src/pages/html.ts'])])).toHaveLength(1);
  });

  it('a domain importing an SDK, node: or a use case is refused', () => {
    expect(domainIsPure([file('src/deploy/domain/deployment.ts', ['src/deploy/request-deployment.ts'], ['node:fs', 'zod'])])).toEqual([
      'src/deploy/domain/deployment.ts imports src/deploy/request-deployment.ts',
      'src/deploy/domain/deployment.ts imports node:fs',
    ]);
  });

  it('a folder cycle is found and named, also through type imports', () => {
    const cyclic = [file('src/a/x.ts', ['src/b/y.ts']), file('src/b/y.ts', ['src/c/z.ts']), file('src/c/z.ts', ['src/a/w.ts'])];
    expect(folderCycle(cyclic)).toEqual(['src/a', 'src/b', 'src/c', 'src/a']);
    expect(folderCycle(cyclic.slice(0, 2))).toBeNull();
  });

  it('adapters imported from outside the surface starters, and the CLI imported from inside, are refused', () => {
    expect(onlySurfaceStartersImportAdapters([file('src/http/api-routes.ts', ['adapters/console/console-chat.ts']), file('src/cli/start-command.ts', ['adapters/slack/connect-slack.ts'])])).toEqual(['src/http/api-routes.ts imports adapters/console/console-chat.ts']);
    expect(surfacesAreOutermost([file('src/http/api-routes.ts', ['src/cli/exit-codes.ts']), file('src/app/compose.ts', ['src/http/api-server.ts'])])).toHaveLength(2);
  });
});
