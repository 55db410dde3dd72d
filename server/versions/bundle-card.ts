import { versionMonaiMetadata, VersionCardSchema, type VersionCard } from '../../domain/cards/version-card';
import { canonicalJson } from '../../domain/versioning/canonical';
import { sha256HexSync as sha256 } from '../../runtimes/server/sha256';
import type { ZipEntry } from '../http/zip-directory';
import { inflateEntry } from '../http/zip-inflate';
import { CARD_FILE, DOCUMENT_MAX_BYTES, MONAI_FILE, type BundleManifest } from './bundle-format';
import { checkHash, invalid, parseJson, tampered } from './bundle-check';

async function readDocument(bytes: Uint8Array, entry: ZipEntry, expectedSha256: string): Promise<Uint8Array> {
  if (entry.size > DOCUMENT_MAX_BYTES) throw invalid(`${entry.name} is ${entry.size} bytes (limit ${DOCUMENT_MAX_BYTES})`, { file: entry.name });
  const doc = await inflateEntry(bytes, entry);
  checkHash(entry.name, sha256(doc), expectedSha256);
  return doc;
}

/**
 * The card of a format-2 bundle (undefined for format 1). Refused as BUNDLE_TAMPERED when
 * card.json or metadata.json differs from its sha256 in the manifest, when the card describes
 * other content than the manifest's content hash, or when metadata.json is not the MONAI form of
 * card.json; BUNDLE_INVALID when card.json is not a version card. Runs after the inventory check,
 * so both entries exist.
 */
export async function readBundleCard(bytes: Uint8Array, entries: Map<string, ZipEntry>, manifest: BundleManifest): Promise<VersionCard | undefined> {
  if (!manifest.cardSha256 || !manifest.metadataSha256) return undefined;
  const cardDoc = parseJson(CARD_FILE, await readDocument(bytes, entries.get(CARD_FILE)!, manifest.cardSha256));
  const metadataDoc = parseJson(MONAI_FILE, await readDocument(bytes, entries.get(MONAI_FILE)!, manifest.metadataSha256));
  const parsed = VersionCardSchema.safeParse(cardDoc);
  if (!parsed.success) {
    throw invalid(`${CARD_FILE} is not a studio version card`, { file: CARD_FILE, issues: parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message })) });
  }
  const card = parsed.data;
  if (card.pipeline.contentHash !== manifest.contentHash) {
    throw tampered(`${CARD_FILE} describes other content than the manifest`, { file: CARD_FILE, field: 'contentHash', expected: manifest.contentHash, actual: card.pipeline.contentHash });
  }
  if (canonicalJson(metadataDoc) !== canonicalJson(versionMonaiMetadata(card, manifest.pipeline.description))) {
    throw tampered(`${MONAI_FILE} is not the MONAI form of ${CARD_FILE}`, { file: MONAI_FILE, field: 'card' });
  }
  return card;
}
