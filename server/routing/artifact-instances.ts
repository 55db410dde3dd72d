import type { BlobStore } from '../blobs/store';
import { inflateEntry } from '../http/zip-inflate';
import { readZipDirectory } from '../http/zip-directory';
import type { InstanceToSend } from './sender-types';

/** A Secondary Capture zip holds one image per slice; bounded like any zip the studio opens. */
const SC_ZIP_LIMITS = { entries: 5_000, entryBytes: 256 * 1024 * 1024, totalBytes: 4 * 1024 * 1024 * 1024, ratio: 1_100 };

/** The DICOM instances of one output artifact: the file itself, or each file of a Secondary Capture zip. */
export async function instancesOf(blobs: Pick<BlobStore, 'read'>, a: { artifactSha256: string; artifactName: string; mediaType: string }): Promise<InstanceToSend[]> {
  const bytes = await blobs.read(a.artifactSha256);
  if (a.mediaType !== 'application/zip') return [{ bytes, name: a.artifactName }];
  const entries = readZipDirectory(bytes, SC_ZIP_LIMITS).filter((e) => !e.name.endsWith('/'));
  const out: InstanceToSend[] = [];
  for (const e of entries) out.push({ bytes: await inflateEntry(bytes, e), name: e.name });
  return out;
}
