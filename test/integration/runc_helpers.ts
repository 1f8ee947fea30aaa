// Shared by the runc integration tests: whether they can run here, a busybox image built from
// busybox-static, and the containers of this test's own tasks (others may run containers too).
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

function which(cmd: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

const BUSYBOX = ['/bin/busybox', '/usr/bin/busybox'].find((p) => existsSync(p)) ?? null;

/** Why the runc tests cannot run here, or null. */
export const RUNC_SKIP: string | null =
  process.getuid?.() !== 0 ? 'needs root' : !which('runc') ? 'runc is not installed (apt-get install runc)' : !BUSYBOX ? 'busybox-static is not installed' : null;

/** A rootfs tarball holding a static busybox and its applets; with www, also /www/index.html for httpd. */
export function busyboxTarball(dir: string, opts: { www?: boolean } = {}): string {
  const root = path.join(dir, 'rootfs');
  for (const d of ['bin', 'proc', 'dev', 'sys', 'tmp', 'etc', ...(opts.www ? ['www'] : [])]) mkdirSync(path.join(root, d), { recursive: true });
  copyFileSync(BUSYBOX!, path.join(root, 'bin/busybox'));
  chmodSync(path.join(root, 'bin/busybox'), 0o755);
  for (const applet of ['sh', 'sleep', 'echo', 'cat', 'ls', 'true', 'false', 'wget', 'httpd', 'nc']) symlinkSync('busybox', path.join(root, 'bin', applet));
  if (opts.www) writeFileSync(path.join(root, 'www/index.html'), 'ok\n');
  const tar = path.join(dir, 'busybox.tar');
  execFileSync('tar', ['-c', '-f', tar, '-C', root, '.']);
  return tar;
}

/** The containers of the task ids a test saw (runc names them baton-<task id>). */
export class OwnContainers {
  readonly seen = new Set<string>();

  ids(): string[] {
    const out = execFileSync('runc', ['list', '-q'], { encoding: 'utf8' });
    return out.split('\n').filter((x) => this.seen.has(x.replace(/^baton-/, '')));
  }

  /** Deletes what the test's (stopped) agents left behind. */
  deleteAll(): void {
    for (const id of this.ids()) {
      try {
        execFileSync('runc', ['delete', '--force', id]);
      } catch {
        // gone
      }
    }
  }
}
