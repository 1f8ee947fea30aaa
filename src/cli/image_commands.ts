// baton image: container images for the runc runtime, kept by each agent in its data directory.
// Run on the worker machine (as the user that runs the agent): images are local to a worker, like
// `docker load`; import the same image on every worker that may run the service.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { ExecutorError } from '../agent/executor/executor.js';
import { importOciLayout, importRootfsTarball, listImages } from '../agent/executor/images.js';
import { write } from './output.js';
import { fail, table, usageErrorsExit2 } from './util.js';

const imagesDir = (dataDir: string) => path.join(dataDir, 'images');

/** A tar of an OCI image layout (what `docker save` / skopeo write) has an oci-layout file at its top. */
function isOciArchive(file: string): boolean {
  try {
    const list = execFileSync('tar', ['-t', '-f', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
    return list.split('\n').some((l) => l === 'oci-layout' || l === './oci-layout');
  } catch {
    return false;
  }
}

export function addImageCommands(program: Command): void {
  const image = usageErrorsExit2(program.command('image').description('container images for the runc runtime (on a worker)'));
  image
    .command('import')
    .description('import a root filesystem tarball (.tar, .tar.gz, ...), or an OCI image layout (a directory or a tar of one), as NAME')
    .requiredOption('--data-dir <dir>', "the agent's data directory")
    .argument('<name>', 'the image name tasks use (spec.task.container.image), e.g. busybox:1')
    .argument('<source>', 'a rootfs tarball, or an OCI image layout directory')
    .option('--ref <ref>', 'OCI layout: the manifest to import (org.opencontainers.image.ref.name), when the index holds several')
    .action(async (name: string, source: string, f: { dataDir: string; ref?: string }) => {
      const st = (() => {
        try {
          return statSync(source);
        } catch {
          return fail(`${source}: no such file or directory`);
        }
      })();
      try {
        const oci = st.isDirectory() || isOciArchive(source);
        const info = oci ? await importOciLayout(imagesDir(f.dataDir), name, source, { ref: f.ref }) : await importRootfsTarball(imagesDir(f.dataDir), name, source);
        write(`imported ${info.name} into ${info.rootfs}`);
      } catch (e) {
        // Not a usage error (exit 1, one line): the source is not an image.
        if (e instanceof ExecutorError) throw new Error(e.message);
        throw e;
      }
    });
  image
    .command('ls')
    .description('list the images of an agent')
    .requiredOption('--data-dir <dir>', "the agent's data directory")
    .action(async (f: { dataDir: string }) => {
      const images = await listImages(imagesDir(f.dataDir));
      table(
        ['NAME', 'IMPORTED', 'SOURCE'],
        images.map((i) => [i.name, new Date(i.importedAtMs).toISOString(), i.source]),
      );
    });
}
