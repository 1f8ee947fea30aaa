// The small pure pieces of the executors: /proc/PID/stat parsing, task environment, exit
// statuses, the OCI spec, task-id and image-name checks, image import and listing.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { batonEnv, checkTaskId, portEnvName } from '../../../src/agent/executor/common.js';
import { ExecutorError } from '../../../src/agent/executor/executor.js';
import { checkImageName, importOciLayout, importRootfsTarball, listImages, readImage } from '../../../src/agent/executor/images.js';
import { parseProcStat, procIdentity, readProcStat } from '../../../src/agent/executor/proc.js';
import { buildOciSpec, exitInfoFromStatus, resolveImageUser } from '../../../src/agent/executor/runc.js';
import { processTask, removeDir, tempDir, writeOciLayout } from './helpers.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await removeDir(d);
});

/** A /proc/PID/stat line with the given comm; fields after it as on a real system. */
function statLine(pid: number, comm: string, startTicks: number): string {
  const after = ['S', '1', '4242', '4242', '0', '-1', '4194560', '100', '0', '0', '0', '1', '2', '0', '0', '20', '0', '1', '0', String(startTicks), '1000', '200'];
  return `${pid} (${comm}) ${after.join(' ')}\n`;
}

describe('parseProcStat', () => {
  it('takes the fields after the last ")", whatever the command name holds', () => {
    for (const comm of ['sleep', 'a b', 'x) S 1 2 3 (y', ')', '(((', 'tricky) 99 (']) {
      const st = parseProcStat(statLine(123, comm, 987654));
      expect(st, `comm ${JSON.stringify(comm)}`).toEqual({ pid: 123, state: 'S', ppid: 1, pgrp: 4242, session: 4242, startTicks: '987654' });
    }
  });

  it('rejects malformed text and reads this very process', () => {
    expect(parseProcStat('')).toBeNull();
    expect(parseProcStat('12 (x) S 1 2')).toBeNull();
    const me = readProcStat(process.pid);
    expect(me?.pid).toBe(process.pid);
    expect(me?.ppid).toBe(process.ppid);
    expect(procIdentity(process.pid), 'identity = boot id : start ticks').toMatch(/^[0-9a-f-]+:\d+$/);
    expect(readProcStat(0)).toBeNull();
  });
});

describe('task environment', () => {
  it('PORT is the first port, PORT_<NAME> each named port (upper case, - and other characters become _)', () => {
    expect(portEnvName('http-alt')).toBe('PORT_HTTP_ALT');
    expect(portEnvName('web.v2')).toBe('PORT_WEB_V2');
    const task = processTask({ command: 'x' }, { id: 'task-1' });
    expect(
      batonEnv(task, [
        { name: '', targetPort: 80, hostPort: 31000 },
        { name: 'admin-ui', targetPort: 9000, hostPort: 31001 },
      ]),
    ).toEqual({ BATON_TASK_ID: 'task-1', BATON_SERVICE_ID: 'svc-1', BATON_SLOT: '2', PORT: '31000', PORT_ADMIN_UI: '31001' });
    expect(batonEnv(task, []).PORT, 'no ports, no PORT').toBeUndefined();
  });

  it('task ids are checked before they become paths', () => {
    expect(checkTaskId('abc-1_2.3')).toBe('abc-1_2.3');
    for (const bad of ['', '../x', 'a/b', '.hidden', 'a..b', 'x'.repeat(129)]) {
      expect(() => checkTaskId(bad), `task id ${JSON.stringify(bad)}`).toThrow(ExecutorError);
    }
  });
});

describe('runc exit statuses and spec', () => {
  it('128 + n is death by signal n; anything else an exit code', () => {
    expect(exitInfoFromStatus(0)).toEqual({ exitCode: 0, signal: null, message: 'exited with code 0' });
    expect(exitInfoFromStatus(7)).toEqual({ exitCode: 7, signal: null, message: 'exited with code 7' });
    expect(exitInfoFromStatus(137)).toEqual({ exitCode: -1, signal: 'SIGKILL', message: 'killed by SIGKILL' });
    expect(exitInfoFromStatus(143)).toEqual({ exitCode: -1, signal: 'SIGTERM', message: 'killed by SIGTERM' });
    expect(exitInfoFromStatus(255)).toEqual({ exitCode: 255, signal: null, message: 'exited with code 255' });
  });

  it('buildOciSpec: read-only image root, host network, limits only when set', () => {
    const spec = buildOciSpec({
      containerId: 'baton-t1',
      rootfs: '/images/busybox/rootfs',
      args: ['sh', '-c', 'true'],
      env: { PATH: '/bin', A: 'b=c' },
      cwd: '/',
      hostname: 't1',
      memoryBytes: 0,
      milliCpus: 2500,
    });
    expect(spec.root).toEqual({ path: '/images/busybox/rootfs', readonly: true });
    expect(spec.process.env).toEqual(['PATH=/bin', 'A=b=c']);
    expect(spec.process.terminal).toBe(false);
    expect(spec.linux.namespaces.map((n) => n.type)).not.toContain('network');
    expect(spec.linux.resources.memory, 'no memory limit when 0').toBeUndefined();
    expect(spec.linux.resources.cpu).toEqual({ quota: 250_000, period: 100_000 });
    expect(spec.mounts.map((m) => m.destination)).toEqual(expect.arrayContaining(['/proc', '/dev', '/dev/pts', '/dev/shm', '/sys', '/tmp']));
    expect(spec.mounts.find((m) => m.destination === '/sys')?.options).toContain('ro');
    expect(spec.linux.cgroupsPath).toBe('/baton/baton-t1');
  });
});

describe('images', () => {
  it('image names are checked', () => {
    expect(checkImageName('busybox:1.36')).toBe('busybox:1.36');
    for (const bad of ['', '../etc', 'a/b', 'Upper', '.x', 'a..b']) expect(() => checkImageName(bad), `image name ${JSON.stringify(bad)}`).toThrow(ExecutorError);
  });

  it('imports a rootfs tarball (with the mount points containers need), lists it, refuses to replace it', async () => {
    const dir = await tempDir('img');
    dirs.push(dir);
    const staging = join(dir, 'staging');
    await mkdir(join(staging, 'etc'), { recursive: true });
    await writeFile(join(staging, 'etc', 'motd'), 'hi\n');
    const tar = join(dir, 'rootfs.tar.gz');
    execFileSync('tar', ['-czf', tar, '-C', staging, '.']);
    const imagesDir = join(dir, 'images');
    expect(await listImages(imagesDir), 'no images before an import').toEqual([]);

    const info = await importRootfsTarball(imagesDir, 'demo', tar);
    expect(info).toMatchObject({ name: 'demo', rootfs: join(imagesDir, 'demo', 'rootfs'), source: tar });
    expect(await readFile(join(info.rootfs, 'etc', 'motd'), 'utf8')).toBe('hi\n');
    for (const p of ['proc', 'sys', 'dev', 'tmp', 'etc/hosts', 'etc/resolv.conf']) expect(existsSync(join(info.rootfs, p)), `${p} exists`).toBe(true);
    expect((await stat(join(info.rootfs, 'tmp'))).mode & 0o7777, '/tmp is world-writable and sticky').toBe(0o1777);
    expect(await listImages(imagesDir)).toEqual([info]);

    await expect(importRootfsTarball(imagesDir, 'demo', tar)).rejects.toThrow('image demo already exists');
    await expect(importRootfsTarball(imagesDir, 'other', join(dir, 'missing.tar'))).rejects.toThrow('is not a file');
    await writeFile(join(dir, 'junk.tar'), 'not a tarball');
    await expect(importRootfsTarball(imagesDir, 'junk', join(dir, 'junk.tar'))).rejects.toThrow(/cannot unpack/);
    expect(await readdir(imagesDir), 'failed imports leave nothing behind').toEqual(['demo']);
  });

  it('imports an OCI image layout: layers in order, whiteouts and opaque directories, the config kept', async () => {
    const dir = await tempDir('oci');
    dirs.push(dir);
    const mk = async (name: string, files: Record<string, string>) => {
      const staging = join(dir, name);
      for (const [p, content] of Object.entries(files)) {
        await mkdir(join(staging, p, '..'), { recursive: true });
        await writeFile(join(staging, p), content);
      }
      const tar = join(dir, `${name}.tar.gz`);
      execFileSync('tar', ['-czf', tar, '-C', staging, '.']);
      return tar;
    };
    const l1 = await mk('l1', { 'etc/a': 'a1', 'etc/b': 'b1', 'data/x': 'x1', 'data/y': 'y1', 'keep/k': 'k1' });
    const l2 = await mk('l2', { 'etc/.wh.a': '', 'data/.wh..wh..opq': '', 'data/z': 'z2', 'etc/b': 'b2' });
    const layout = join(dir, 'layout');
    await writeOciLayout(layout, [l1, l2], { Entrypoint: ['/bin/sh', '-c'], Cmd: ['echo hi'], Env: ['PATH=/bin', 'GREETING=hello'], WorkingDir: '/srv', User: 'app:staff' }, 'v1');
    const imagesDir = join(dir, 'images');

    const info = await importOciLayout(imagesDir, 'demo', layout);
    const r = info.rootfs;
    expect(existsSync(join(r, 'etc/a')), 'etc/a removed by its whiteout').toBe(false);
    expect(await readFile(join(r, 'etc/b'), 'utf8'), 'etc/b from the upper layer').toBe('b2');
    expect((await readdir(join(r, 'data'))).sort(), 'data/ is opaque in the upper layer').toEqual(['z']);
    expect(await readFile(join(r, 'keep/k'), 'utf8')).toBe('k1');
    expect(existsSync(join(r, 'etc/.wh.a')), 'whiteout files are not unpacked').toBe(false);
    expect(info.config).toEqual({ entrypoint: ['/bin/sh', '-c'], cmd: ['echo hi'], env: ['PATH=/bin', 'GREETING=hello'], workdir: '/srv', user: 'app:staff' });
    expect(await readImage(imagesDir, 'demo')).toEqual(info);

    // The same layout as a tar (oci-archive), picked by its ref name.
    const archive = join(dir, 'layout.tar');
    execFileSync('tar', ['-cf', archive, '-C', layout, '.']);
    const again = await importOciLayout(imagesDir, 'demo2', archive, { ref: 'v1' });
    expect(await readFile(join(again.rootfs, 'etc/b'), 'utf8')).toBe('b2');
    await expect(importOciLayout(imagesDir, 'demo3', layout, { ref: 'nope' })).rejects.toThrow('no image named "nope"');

    // A corrupted blob is refused, and nothing is left behind.
    const blobDir = join(layout, 'blobs', 'sha256');
    const index = JSON.parse(await readFile(join(layout, 'index.json'), 'utf8')) as { manifests: { digest: string }[] };
    const manifest = JSON.parse(await readFile(join(blobDir, index.manifests[0].digest.slice(7)), 'utf8')) as { layers: { digest: string }[] };
    await writeFile(join(blobDir, manifest.layers[0].digest.slice(7)), 'tampered');
    await expect(importOciLayout(imagesDir, 'bad', layout)).rejects.toThrow(/blob sha256:[0-9a-f]+ has 8 bytes/);
    expect((await readdir(imagesDir)).sort(), 'failed imports leave nothing behind').toEqual(['demo', 'demo2']);
    await expect(importOciLayout(imagesDir, 'notoci', dir)).rejects.toThrow('is not an OCI image layout');
  });

  it('refuses a layer that writes through a symlink left by a lower layer', async () => {
    const dir = await tempDir('oci-link');
    dirs.push(dir);
    const s1 = join(dir, 's1');
    await mkdir(s1);
    await symlink('/etc', join(s1, 'evil'));
    execFileSync('tar', ['-cf', join(dir, 'l1.tar'), '-C', s1, '.']);
    const s2 = join(dir, 's2');
    await mkdir(join(s2, 'evil'), { recursive: true });
    await writeFile(join(s2, 'evil', 'baton-owned'), 'x');
    // Only the file, not its directory entry: on extraction it would land in the host's /etc.
    execFileSync('tar', ['-cf', join(dir, 'l2.tar'), '-C', s2, 'evil/baton-owned']);
    const layout = join(dir, 'layout');
    await writeOciLayout(layout, [join(dir, 'l1.tar'), join(dir, 'l2.tar')], { Cmd: ['true'] });
    await expect(importOciLayout(join(dir, 'images'), 'evil', layout)).rejects.toThrow('through the symlink /evil');
    expect(existsSync('/etc/baton-owned'), 'nothing was written outside the rootfs').toBe(false);
  });
});

describe("an image's User", () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await removeDir(dir);
    dir = '';
  });

  it('resolves names and groups in the image, numbers as they are; unknown names are refused', async () => {
    dir = await tempDir('user');
    await mkdir(join(dir, 'etc'));
    await writeFile(join(dir, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1001:app:/home/app:/bin/sh\n');
    await writeFile(join(dir, 'etc/group'), 'root:x:0:\nstaff:x:50:\n');
    expect(await resolveImageUser(dir, ''), 'no User: root').toEqual({ uid: 0, gid: 0, home: null });
    expect(await resolveImageUser(dir, 'app'), 'a name: its uid, gid and home').toEqual({ uid: 1000, gid: 1001, home: '/home/app' });
    expect(await resolveImageUser(dir, 'app:staff'), 'a group by name').toEqual({ uid: 1000, gid: 50, home: '/home/app' });
    expect(await resolveImageUser(dir, '1000'), 'a uid with an entry takes its gid').toEqual({ uid: 1000, gid: 1001, home: '/home/app' });
    expect(await resolveImageUser(dir, '4242:7'), 'numbers need no entry').toEqual({ uid: 4242, gid: 7, home: null });
    await expect(resolveImageUser(dir, 'nobody'), 'an unknown name').rejects.toThrow(/image user "nobody" is not in the image's \/etc\/passwd/);
    await expect(resolveImageUser(dir, 'app:wheel'), 'an unknown group').rejects.toThrow(/image group "wheel" is not in the image's \/etc\/group/);
    const oci = buildOciSpec({ containerId: 'c', rootfs: '/r', args: ['true'], env: {}, cwd: '/', hostname: 'h', memoryBytes: 0, milliCpus: 0, user: { uid: 1000, gid: 50 } });
    expect(oci.process.user, 'the OCI config runs the process as that user').toEqual({ uid: 1000, gid: 50 });
  });
});

