// src/gen/ is committed; this fails when it is stale (a .proto changed without `npm run gen`)
// or when someone edited a generated file by hand.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const committedDir = path.join(repoRoot, 'src', 'gen');

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

describe('generated proto types (src/gen/)', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'baton-gen-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('are up to date with proto/', () => {
    const outDir = path.join(tmp, 'gen');
    execFileSync('bash', [path.join(repoRoot, 'scripts', 'gen-proto.sh'), outDir], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });

    const fresh = listFiles(outDir);
    const committed = listFiles(committedDir);
    expect(fresh.length).toBeGreaterThan(0);

    const differing: string[] = [];
    for (const f of new Set([...fresh, ...committed])) {
      if (!fresh.includes(f)) {
        differing.push(`${f} (in src/gen/ but no longer generated)`);
      } else if (!committed.includes(f)) {
        differing.push(`${f} (generated but missing from src/gen/)`);
      } else if (!readFileSync(path.join(outDir, f)).equals(readFileSync(path.join(committedDir, f)))) {
        differing.push(`${f} (content differs)`);
      }
    }
    differing.sort();

    if (differing.length > 0) {
      expect.fail(
        `src/gen/ is out of date with proto/; run npm run gen. Differing files:\n  ${differing.join('\n  ')}`,
      );
    }
  });
});
