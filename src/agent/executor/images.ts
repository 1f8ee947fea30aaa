// Local images for the runc runtime: `<imagesDir>/<name>/rootfs` is a root filesystem (a plain
// directory, used read-only by every container of that image, so no copy is made per container)
// and `<imagesDir>/<name>/image.json` says where it came from and, for images imported from an
// OCI image layout, the image's config (entrypoint, cmd, env, working dir). There is no registry:
// images come from a rootfs tarball (importRootfsTarball) or an OCI image layout, as a directory
// or a tar of one (importOciLayout; e.g. `skopeo copy docker://busybox oci-archive:busybox.tar`).
//
// Images are trusted input (an operator imports them): unpacking uses the system tar as root and
// keeps owners and modes. The one guard beyond GNU tar's own: a layer may not write through a
// symlink left by an earlier layer, which could point outside the rootfs.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { chmod, lstat, mkdir, mkdtemp, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, posix, resolve } from 'node:path';
import { ExecutorError } from './executor.js';

/** What an OCI image's config says about running it (empty when imported from a plain rootfs). */
export interface ImageConfig {
  entrypoint: string[];
  cmd: string[];
  /** "KEY=value" entries. */
  env: string[];
  workdir: string;
  /** The config's User ("name", "uid", "name:group", "uid:gid"; empty: root). Absent in older imports. */
  user?: string;
}

export interface ImageInfo {
  name: string;
  /** Absolute path of the image's root filesystem. */
  rootfs: string;
  importedAtMs: number;
  /** What it was imported from (a tarball's or layout's path). */
  source: string;
  config?: ImageConfig;
}

/** Lower-case names, digits and . _ - : (a tag separator); no slashes, no "..". */
const IMAGE_NAME_RE = /^[a-z0-9][a-z0-9._:-]{0,127}$/;
const DEFAULT_TIMEOUT_MS = 10 * 60_000;

export function checkImageName(name: string): string {
  if (!IMAGE_NAME_RE.test(name) || name.includes('..')) {
    throw new ExecutorError(
      `invalid image name ${JSON.stringify(name)}: expected 1-128 characters from [a-z0-9._:-], starting with a letter or digit`,
    );
  }
  return name;
}

export function imageRootfs(imagesDir: string, name: string): string {
  return join(resolve(imagesDir), checkImageName(name), 'rootfs');
}

/** Runs the system tar (bounded); resolves with its stdout. GNU tar detects gzip/xz/zstd itself. */
function tar(args: string[], what: string, timeoutMs: number): Promise<string> {
  return new Promise((res, rej) => {
    const child = spawn('tar', args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs, killSignal: 'SIGKILL' });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => {
      if (err.length < 4096) err += d.toString('utf8');
    });
    child.once('error', (e) => rej(new ExecutorError(`cannot run tar: ${e.message}`)));
    child.once('close', (code, signal) => {
      if (code === 0) return res(Buffer.concat(out).toString('utf8'));
      const why = signal ? `killed by ${signal} (timeout ${timeoutMs} ms?)` : `exit code ${code}`;
      rej(new ExecutorError(`cannot unpack ${what}: tar ${why}: ${err.trim()}`));
    });
  });
}

/** Mount points for what runc mounts (proc, sys, dev, tmp, the host's hosts/resolv.conf), so it never writes into a shared rootfs. */
async function addMountPoints(rootfs: string): Promise<void> {
  for (const d of ['proc', 'sys', 'dev', 'etc']) {
    if (!(await lstat(join(rootfs, d)).then(() => true, () => false))) await mkdir(join(rootfs, d), { mode: 0o755 });
  }
  if (!(await lstat(join(rootfs, 'tmp')).then(() => true, () => false))) {
    await mkdir(join(rootfs, 'tmp'));
    await chmod(join(rootfs, 'tmp'), 0o1777);
  }
  for (const f of ['etc/hosts', 'etc/resolv.conf']) {
    // Only if absent (a symlink, even a dangling one, counts as present).
    const p = join(rootfs, f);
    if (!(await lstat(p).then(() => true, () => false))) await writeFile(p, '', { mode: 0o644 });
  }
}

/** Common end of an import: mount points, image.json, rename into place (never half-visible). */
async function finishImport(root: string, name: string, tmp: string, source: string, config?: ImageConfig): Promise<ImageInfo> {
  await addMountPoints(join(tmp, 'rootfs'));
  const final = join(root, name);
  const info: ImageInfo = { name, rootfs: join(final, 'rootfs'), importedAtMs: Date.now(), source, ...(config ? { config } : {}) };
  await writeFile(join(tmp, 'image.json'), JSON.stringify(info, null, 2) + '\n');
  await chmod(tmp, 0o755);
  try {
    await rename(tmp, final);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST') throw new ExecutorError(`image ${name} already exists in ${root}`);
    throw err;
  }
  return info;
}

/** Checks the name, refuses an existing image, makes the temporary import directory. */
async function beginImport(imagesDir: string, name: string): Promise<{ root: string; tmp: string }> {
  checkImageName(name);
  const root = resolve(imagesDir);
  // Refuse to replace an image: running containers use its rootfs.
  if (existsSync(join(root, name))) throw new ExecutorError(`image ${name} already exists in ${root}`);
  await mkdir(root, { recursive: true });
  const tmp = await mkdtemp(join(root, `.import-${name.replace(/:/g, '_')}-`));
  await mkdir(join(tmp, 'rootfs'), { mode: 0o755 });
  return { root, tmp };
}

/**
 * Imports a root filesystem tarball (optionally compressed) as image `name`. Unpacks into a
 * temporary directory next to the images and renames it into place.
 */
export async function importRootfsTarball(
  imagesDir: string,
  name: string,
  tarPath: string,
  opts: { timeoutMs?: number } = {},
): Promise<ImageInfo> {
  checkImageName(name);
  const src = resolve(tarPath);
  if (!(await stat(src).then((s) => s.isFile(), () => false))) throw new ExecutorError(`cannot import image ${name}: ${src} is not a file`);
  const { root, tmp } = await beginImport(imagesDir, name);
  try {
    await tar(['-x', '-f', src, '-C', join(tmp, 'rootfs'), '--numeric-owner'], src, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    return await finishImport(root, name, tmp, src);
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
}

// ------------------------------------------------------------------ OCI image layout

interface Descriptor {
  mediaType?: string;
  digest: string;
  size?: number;
  annotations?: Record<string, string>;
  platform?: { os?: string; architecture?: string };
}

const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);
const DIGEST_RE = /^(sha256|sha512):([a-f0-9]{64}|[a-f0-9]{128})$/;

function blobPath(layout: string, digest: string): string {
  const m = DIGEST_RE.exec(digest);
  if (!m) throw new ExecutorError(`unsupported or malformed digest ${JSON.stringify(digest)}`);
  return join(layout, 'blobs', m[1], m[2]);
}

/** The blob's path after checking its size and digest (content addressing is the layout's integrity). */
async function verifiedBlob(layout: string, d: Descriptor): Promise<string> {
  const path = blobPath(layout, d.digest);
  const st = await stat(path).catch(() => null);
  if (!st?.isFile()) throw new ExecutorError(`blob ${d.digest} is missing from the layout`);
  if (d.size !== undefined && st.size !== d.size) throw new ExecutorError(`blob ${d.digest} has ${st.size} bytes, its descriptor says ${d.size}`);
  const [alg, want] = d.digest.split(':');
  const hash = createHash(alg);
  await new Promise<void>((res, rej) => {
    createReadStream(path).on('data', (c) => hash.update(c)).on('end', res).on('error', rej);
  });
  if (hash.digest('hex') !== want) throw new ExecutorError(`blob ${d.digest} does not match its digest`);
  return path;
}

async function blobJson<T>(layout: string, d: Descriptor): Promise<T> {
  const text = await readFile(await verifiedBlob(layout, d), 'utf8');
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ExecutorError(`blob ${d.digest} is not valid JSON`);
  }
}

function hostArch(): string {
  return ({ x64: 'amd64', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' } as Record<string, string>)[process.arch] ?? process.arch;
}

/** The image manifest to import: by ref name if given, else the only one, else the one for this platform. */
async function pickManifest(layout: string, index: { manifests?: Descriptor[] }, ref: string | undefined, depth = 0): Promise<Descriptor> {
  if (depth > 4) throw new ExecutorError('image indexes nested too deep');
  let candidates = index.manifests ?? [];
  if (ref !== undefined && depth === 0) {
    candidates = candidates.filter((m) => m.annotations?.['org.opencontainers.image.ref.name'] === ref);
    if (candidates.length === 0) throw new ExecutorError(`no image named ${JSON.stringify(ref)} in the layout's index`);
  }
  if (candidates.length > 1) {
    const mine = candidates.filter((m) => !m.platform || (m.platform.os === 'linux' && m.platform.architecture === hostArch()));
    if (mine.length === 0) throw new ExecutorError(`no image for linux/${hostArch()} in the layout`);
    if (mine.length > 1 && depth === 0 && ref === undefined) {
      throw new ExecutorError(`the layout holds ${mine.length} images: name one (ref)`);
    }
    candidates = mine;
  }
  if (candidates.length === 0) throw new ExecutorError('the layout index lists no manifests');
  const d = candidates[0];
  if (d.mediaType && INDEX_TYPES.has(d.mediaType)) {
    return pickManifest(layout, await blobJson<{ manifests?: Descriptor[] }>(layout, d), undefined, depth + 1);
  }
  return d;
}

/** rootfs/rel, refusing paths that climb out or cross a symlink already in the rootfs. */
async function insideRootfs(rootfs: string, rel: string, layerDirs: Set<string>): Promise<string | null> {
  const norm = posix.normalize(rel.replace(/^(\.\/)+/, '').replace(/^\/+/, ''));
  if (norm === '.' || norm === '' || norm.startsWith('..')) return null;
  const parts = norm.split('/').filter(Boolean);
  for (let i = 1; i < parts.length; i++) {
    const prefix = parts.slice(0, i).join('/');
    // A directory entry of this very layer replaces whatever is there (tar unlinks a symlink).
    if (layerDirs.has(prefix)) continue;
    const st = await lstat(join(rootfs, prefix)).catch(() => null);
    if (st?.isSymbolicLink()) {
      throw new ExecutorError(`a layer writes ${norm} through the symlink /${prefix}: not supported`);
    }
  }
  return join(rootfs, ...parts);
}

/** Applies one layer: its whiteouts remove what lower layers left, then its files are unpacked. */
async function applyLayer(rootfs: string, blob: string, digest: string, timeoutMs: number): Promise<void> {
  const members = (await tar(['-t', '-f', blob], `layer ${digest}`, timeoutMs)).split('\n').filter(Boolean);
  const layerDirs = new Set<string>();
  for (const m of members) {
    if (m.endsWith('/')) layerDirs.add(posix.normalize(m.replace(/^(\.\/)+/, '').replace(/^\/+/, '')).replace(/\/$/, ''));
  }
  for (const m of members) {
    const base = posix.basename(m);
    if (!base.startsWith('.wh.')) {
      await insideRootfs(rootfs, m, layerDirs);
      continue;
    }
    const dir = posix.dirname(m);
    if (base === '.wh..wh..opq') {
      // Opaque directory: nothing of the lower layers stays in it.
      const target = dir === '.' ? rootfs : await insideRootfs(rootfs, `${dir}/x`, layerDirs).then((p) => p && resolve(p, '..'));
      if (!target) continue;
      const st = await lstat(target).catch(() => null);
      if (st?.isDirectory()) {
        for (const e of await readdir(target)) await rm(join(target, e), { recursive: true, force: true });
      }
    } else {
      const target = await insideRootfs(rootfs, posix.join(dir, base.slice(4)), new Set());
      if (target) await rm(target, { recursive: true, force: true }); // removes a symlink, never its target
    }
  }
  await tar(['-x', '-f', blob, '-C', rootfs, '--numeric-owner', '--exclude=.wh.*'], `layer ${digest}`, timeoutMs);
}

/**
 * Imports an image from an OCI image layout (a directory, or a tar of one) as image `name`:
 * picks the manifest (by `ref`, the `org.opencontainers.image.ref.name` annotation, else the
 * only one or the one for this platform), checks every blob's digest, applies the layers in
 * order with their whiteouts, and keeps the config's Entrypoint, Cmd, Env, WorkingDir and User
 * (the runc executor uses them when a task does not say).
 */
export async function importOciLayout(
  imagesDir: string,
  name: string,
  layoutPath: string,
  opts: { ref?: string; timeoutMs?: number } = {},
): Promise<ImageInfo> {
  checkImageName(name);
  const src = resolve(layoutPath);
  const srcStat = await stat(src).catch(() => null);
  if (!srcStat) throw new ExecutorError(`cannot import image ${name}: ${src} does not exist`);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { root, tmp } = await beginImport(imagesDir, name);
  try {
    let layout = src;
    if (srcStat.isFile()) {
      layout = join(tmp, 'layout');
      await mkdir(layout);
      await tar(['-x', '-f', src, '-C', layout, '--no-same-owner'], src, timeoutMs);
    }
    const marker = await readFile(join(layout, 'oci-layout'), 'utf8').catch(() => null);
    if (marker === null) throw new ExecutorError(`${src} is not an OCI image layout (no oci-layout file)`);
    const index = JSON.parse(await readFile(join(layout, 'index.json'), 'utf8')) as { manifests?: Descriptor[] };
    const manifestDesc = await pickManifest(layout, index, opts.ref);
    const manifest = await blobJson<{ config?: Descriptor; layers?: Descriptor[] }>(layout, manifestDesc);
    if (!manifest.config || !Array.isArray(manifest.layers)) throw new ExecutorError(`manifest ${manifestDesc.digest} is not an image manifest`);
    const cfg = await blobJson<{ config?: { Entrypoint?: string[] | null; Cmd?: string[] | null; Env?: string[] | null; WorkingDir?: string; User?: string } }>(
      layout,
      manifest.config,
    );
    const rootfs = join(tmp, 'rootfs');
    for (const layer of manifest.layers) {
      await applyLayer(rootfs, await verifiedBlob(layout, layer), layer.digest, timeoutMs);
    }
    if (layout !== src) await rm(layout, { recursive: true, force: true });
    const c = cfg.config ?? {};
    const config: ImageConfig = { entrypoint: c.Entrypoint ?? [], cmd: c.Cmd ?? [], env: c.Env ?? [], workdir: c.WorkingDir ?? '', user: c.User ?? '' };
    return await finishImport(root, name, tmp, src, config);
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    if (err instanceof SyntaxError) throw new ExecutorError(`cannot import image ${name}: ${err.message}`);
    throw err;
  }
}

// ------------------------------------------------------------------ reading

/** One image, or null if imagesDir has no such image. */
export async function readImage(imagesDir: string, name: string): Promise<ImageInfo | null> {
  const root = resolve(imagesDir);
  const rootfs = join(root, checkImageName(name), 'rootfs');
  if (!(await stat(rootfs).then((s) => s.isDirectory(), () => false))) return null;
  let meta: Partial<ImageInfo> = {};
  try {
    meta = JSON.parse(await readFile(join(root, name, 'image.json'), 'utf8')) as Partial<ImageInfo>;
  } catch {
    // an image directory made by hand
  }
  return { name, rootfs, importedAtMs: meta.importedAtMs ?? 0, source: meta.source ?? '', ...(meta.config ? { config: meta.config } : {}) };
}

/** The images of imagesDir (directories with a rootfs), sorted by name. */
export async function listImages(imagesDir: string): Promise<ImageInfo[]> {
  let names: string[];
  try {
    names = await readdir(resolve(imagesDir));
  } catch {
    return [];
  }
  const out: ImageInfo[] = [];
  for (const name of names.sort()) {
    if (name.startsWith('.') || !IMAGE_NAME_RE.test(name) || name.includes('..')) continue;
    const info = await readImage(imagesDir, name);
    if (info) out.push(info);
  }
  return out;
}
