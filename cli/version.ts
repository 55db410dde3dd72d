import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CliError, printJson } from './output';
import type { CliOptions } from './options';

const USAGE = `usage:
  studio version export <versionId> --out <file.studio.zip>
  studio version import <file.studio.zip> [--workspace <workspaceId>]`;

/**
 * `studio version export|import`: the portable version file of server/versions/
 * bundle-*.ts against DATABASE_URL (or the embedded PGlite) and STUDIO_DATA_DIR.
 * Prints one JSON document; a refused bundle exits 1 with {error: {code: BUNDLE_TAMPERED|BUNDLE_INVALID, file, ...}}.
 */
export async function versionCommand(args: string[], opts: CliOptions & { workspace?: string }): Promise<number> {
  const [sub, target, ...extra] = args;
  if (!target || extra.length || (sub !== 'export' && sub !== 'import') || (sub === 'export' && !opts.out)) throw new CliError('BAD_ARGUMENTS', USAGE);
  const { getBlobs, getDb } = await import('../server/db');
  const { closeDb } = await import('../drizzle/client');
  const { CLI_ACTOR } = await import('../domain/audit/events');
  const { DEFAULT_WORKSPACE_ID } = await import('../domain/auth/permissions');
  const db = await getDb();
  try {
    const svc = { db, blobs: getBlobs(), audit: { actor: CLI_ACTOR } };
    if (sub === 'export') {
      const { exportVersion } = await import('../server/versions/bundle-export');
      const { zip, manifest, fileName } = await exportVersion(svc, target);
      const out = path.resolve(opts.out!);
      await writeFile(out, zip);
      await printJson({ out, fileName, sizeBytes: zip.byteLength, pipeline: manifest.pipeline.name, semver: manifest.semver, contentHash: manifest.contentHash, models: manifest.models.map((m) => m.sha256) });
      return 0;
    }
    const { importVersion } = await import('../server/versions/bundle-import');
    const { DEFAULT_BUNDLE_LIMITS } = await import('../server/versions/bundle-format');
    // The file's size before reading it (the service checks the zip's declared sizes next).
    const size = (await stat(path.resolve(target))).size;
    if (size > DEFAULT_BUNDLE_LIMITS.bundleBytes) throw new CliError('BUNDLE_TOO_LARGE', `${target} is ${size} bytes (limit ${DEFAULT_BUNDLE_LIMITS.bundleBytes})`);
    const bytes = await readFile(path.resolve(target)); // a Buffer is a Uint8Array: no copy
    await printJson(await importVersion(svc, { workspaceId: opts.workspace ?? DEFAULT_WORKSPACE_ID, bytes }));
    return 0;
  } finally {
    await closeDb(db);
  }
}
