import { randomBytes } from 'node:crypto';
import { link, mkdir, readdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Stats } from 'node:fs';
import { errno, SHA256 } from './store';

/** The on-disk layout of a LocalBlobStore (structural, so the store can call these). */
interface DiskBlobs {
  readonly root: string;
  readonly tmpDir: string;
  path(sha: string): string;
  statOrNull(sha: string): Promise<Stats | null>;
}

/**
 * Removal of stored files, for the sweeper and for requests that failed after storing.
 * Safe against a concurrent commit of the same bytes (LocalBlobStore's class comment): a blob is
 * renamed aside, its mtime read again, and put back if a commit moved it meanwhile.
 */
const HEX2 = /^[0-9a-f]{2}$/;

/** Removes the blob unless `keep(mtimeMs)` holds, before or after moving it aside. Returns whether it was removed. */
export async function removeBlobUnless(blobs: DiskBlobs, sha: string, keep: (mtimeMs: number) => boolean): Promise<boolean> {
  const dest = blobs.path(sha);
  const before = await blobs.statOrNull(sha);
  if (!before || keep(before.mtimeMs)) return false;
  await mkdir(blobs.tmpDir, { recursive: true });
  // Dated by name: the rename keeps the blob's old mtime (removeStagedBefore reads the name).
  const aside = path.join(blobs.tmpDir, `${sha}-${Date.now()}-${randomBytes(6).toString('hex')}.removing`);
  try {
    await rename(dest, aside);
  } catch (e) {
    if (errno(e) === 'ENOENT') return false;
    throw e;
  }
  if (keep((await stat(aside)).mtimeMs)) {
    await link(aside, dest).catch((e) => {
      if (errno(e) !== 'EEXIST') throw e;
    });
    await unlink(aside);
    return false;
  }
  await unlink(aside);
  return true;
}

/** Every committed blob with its mtime (the sweeper's candidates). */
export async function* listBlobs(blobs: DiskBlobs): AsyncGenerator<{ sha256: string; mtimeMs: number }> {
  const dirs = await readdir(blobs.root).catch((e) => (errno(e) === 'ENOENT' ? [] : Promise.reject(e)));
  for (const dir of dirs.filter((d) => HEX2.test(d))) {
    for (const name of await readdir(path.join(blobs.root, dir)).catch(() => [] as string[])) {
      if (!SHA256.test(name) || !name.startsWith(dir)) continue;
      const st = await blobs.statOrNull(name);
      if (st?.isFile()) yield { sha256: name, mtimeMs: st.mtimeMs };
    }
  }
}

/**
 * Removes staged (temp) files unchanged since `cutoffMs`: uploads that died mid-way (their
 * mtime moves with every write) and blobs a crash left aside (dated by their name).
 */
export async function removeStagedBefore(blobs: DiskBlobs, cutoffMs: number): Promise<number> {
  let removed = 0;
  for (const name of await readdir(blobs.tmpDir).catch(() => [] as string[])) {
    const file = path.join(blobs.tmpDir, name);
    const st = await stat(file).catch(() => null);
    const aside = /-(\d+)-[0-9a-f]+\.removing$/.exec(name);
    const changedMs = aside ? Number(aside[1]) : (st?.mtimeMs ?? 0);
    if (st?.isFile() && changedMs < cutoffMs && (await unlink(file).then(() => true, () => false))) removed++;
  }
  return removed;
}
