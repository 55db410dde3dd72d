import { unzipSync } from 'fflate';
import type { DbOrTx } from '../../drizzle/client';
import type { Artifact } from '../../runtimes/core/kernel';
import type { BlobStore } from '../blobs/store';
import { ServiceError } from '../errors';
import { readIndexedHead } from './head';
import { indexInstance } from './ingest';

/** A zip of outputs (Secondary Capture slices) is opened only up to these sizes. */
const MAX_ZIP_BYTES = 1024 * 1024 * 1024;
const MAX_ENTRY_BYTES = 512 * 1024 * 1024;
const MAX_ENTRIES = 10_000;

export interface RunOutputs {
  runId: string;
  workspaceId: string;
  artifacts: Artifact[];
}

/**
 * The DICOM outputs of a succeeded run become instances of the study they were written into
 * (their own StudyInstanceUID: a SEG or SC refers to its source study), so QIDO-RS finds a SEG
 * next to its CT and WADO-RS returns it. A Part 10 artifact (output.dicom-seg) is indexed with
 * its blob as recorded; each `.dcm` of a zip artifact (output.dicom-sc) is stored as its own
 * blob first. Source 'output', sender and run_id the run. The artifact records themselves (the
 * run's provenance) are left as they are. An artifact that is not readable DICOM is skipped.
 * Returns the number of instances indexed.
 */
export async function indexRunOutputs(tx: DbOrTx, blobs: BlobStore, run: RunOutputs): Promise<number> {
  const target = { workspaceId: run.workspaceId, source: 'output' as const, sender: run.runId, runId: run.runId };
  let indexed = 0;
  const index = async (blob: { sha256: string; size: number }, name: string) => {
    let head;
    try {
      head = await readIndexedHead(await blobs.localPath(blob.sha256), blob.size, name);
    } catch (e) {
      if (e instanceof ServiceError) return;
      throw e;
    }
    await indexInstance(tx, target, head, blob);
    indexed++;
  };
  for (const a of run.artifacts) {
    if (a.mediaType === 'application/dicom') await index(a, a.name);
    else if (a.mediaType === 'application/zip' && a.size <= MAX_ZIP_BYTES) {
      let count = 0;
      const entries = unzipSync(await blobs.read(a.sha256), {
        filter: (f) => f.name.toLowerCase().endsWith('.dcm') && f.originalSize <= MAX_ENTRY_BYTES && ++count <= MAX_ENTRIES,
      });
      for (const [name, bytes] of Object.entries(entries)) await index(await blobs.putBytes(bytes), `${a.name}/${name}`);
    }
  }
  return indexed;
}
