import { z } from 'zod';
import { ModelContractSchema } from '../../domain/models/contract';
import { ModelSignatureSchema } from '../../domain/models/signature';
import type { ZipLimits } from '../http/zip-directory';

/**
 * The portable version file (`<pipeline>-<semver>.studio.zip`): a published version moved
 * between workspaces or instances. Not the edge bundle (runtimes/edge/bundle.ts), which is a
 * runnable program; this one is data only:
 *
 *   manifest.json          BundleManifest (below)
 *   pipeline.json          the version's graph as canonical JSON (layout included)
 *   models/<sha256>.onnx   every model the graph references, by content hash
 *   card.json              (format 2) the card pinned when the version was published (domain/cards/version-card.ts)
 *   metadata.json          (format 2) the same card as MONAI bundle metadata (domain/cards/monai.ts)
 *   evaluations/<id>.json  the reports of the version's succeeded evaluations (verified on import, not imported)
 *
 * `files` lists every entry but the manifest with its sha256; import refuses a bundle whose
 * entries, hashes, contentHash or model signatures disagree with it. The manifest protects
 * integrity against corruption and edits to one file; it is not signed (someone who rewrites
 * every hash consistently is not detected). Format 1 (no card) is what a version published before
 * cards existed exports, and what older studios wrote; both import.
 */
export const BUNDLE_FORMAT = 'studio.version-bundle';
export const BUNDLE_FORMAT_VERSION = 2;
export const CARD_FILE = 'card.json';
export const MONAI_FILE = 'metadata.json';
export const MANIFEST_FILE = 'manifest.json';
export const PIPELINE_FILE = 'pipeline.json';
export const modelFile = (sha256: string) => `models/${sha256}.onnx`;
/** A succeeded evaluation's report (server/evaluations/dto.ts EvaluationReportDto), carried for the record: import verifies its hash, it does not import it. */
export const evaluationFile = (id: string) => `evaluations/${id}.json`;

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'sha256 is 64 lowercase hex chars');

export const VersionPinsSchema = z.object({
  nodes: z.array(z.string().max(200)).max(10_000),
  models: z.array(Sha256).max(1000),
  runtimes: z.record(z.string().max(200), z.string().max(200)),
  contracts: z.record(Sha256, ModelContractSchema).optional(),
});

export const BundleModelSchema = z.object({
  sha256: Sha256,
  name: z.string().min(1).max(200),
  fileName: z.string().min(1).max(255),
  size: z.number().int().nonnegative(),
  signature: ModelSignatureSchema,
});

export const BundleManifestSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  /** 2: with the version's card (card.json, metadata.json, their sha256s below); 1: without. */
  formatVersion: z.union([z.literal(1), z.literal(BUNDLE_FORMAT_VERSION)]),
  pipeline: z.object({ name: z.string().min(1).max(200), description: z.string().max(4000) }),
  semver: z.string(),
  notes: z.string().max(4000),
  contentHash: Sha256,
  graphSha256: Sha256,
  models: z.array(BundleModelSchema).max(1000),
  pins: VersionPinsSchema.nullable(),
  exportedAt: z.string(),
  studio: z.object({ version: z.string().max(100) }),
  files: z.record(z.string().max(300), Sha256),
  /** Reports of the version's succeeded evaluations (absent in bundles of studios before evaluations). */
  evaluations: z.array(z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/), datasetVersionId: z.string().max(200), sha256: Sha256 })).max(100).optional(),
  cardSha256: Sha256.optional(),
  metadataSha256: Sha256.optional(),
}).refine((m) => (m.formatVersion === 2) === (m.cardSha256 !== undefined && m.metadataSha256 !== undefined), {
  message: 'format 2 names card.json and metadata.json by sha256 (cardSha256, metadataSha256); format 1 names neither',
  path: ['formatVersion'],
});
export type BundleManifest = z.infer<typeof BundleManifestSchema>;

/**
 * Caps checked on the zip's central directory before anything is inflated (zip-directory.ts),
 * then enforced again while inflating (each entry cut at its declared size + 1 byte).
 */
export interface BundleLimits extends ZipLimits {
  /** The zip itself, bytes. */
  bundleBytes: number;
  /** Largest declared size / compressed size of a model entry over 1 MiB (see DEFAULT_BUNDLE_LIMITS). */
  modelRatio: number;
}

const GiB = 1024 ** 3;
/**
 * 2 GiB: the largest ONNX protobuf is 2 GiB, so one bundle holds at most that much model data;
 * 1001 entries: manifest, graph and up to 999 models. Ratio 1032: more than deflate can reach,
 * so a larger declaration is a lie about the data. Model ratio 100: trained float weights
 * deflate about 1.1-3:1 (int8 and pruned models a few times more), so 100:1 leaves a wide
 * margin, while a model of zeros (1029:1) is refused from the directory: otherwise a 1 MB
 * upload was inflated to 1 GiB on disk and then read whole into memory for its signature.
 * An accepted model is thus at most 100x its share of the upload.
 */
export const DEFAULT_BUNDLE_LIMITS: BundleLimits = { bundleBytes: 2 * GiB, totalBytes: 2 * GiB, entryBytes: 2 * GiB, entries: 1001, ratio: 1032, modelRatio: 100 };
/** manifest.json is a small document (pipeline.json is capped by GRAPH_LIMITS.jsonBytes). */
export const DOCUMENT_MAX_BYTES = 4 * 1024 * 1024;

/** A pipeline name as a file name part: `Brain MRI: grey/white` -> `brain-mri-grey-white`. */
export const fileSlug = (pipelineName: string) => pipelineName.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase() || 'pipeline';

export const bundleFileName = (pipelineName: string, semver: string) => `${fileSlug(pipelineName)}-${semver}.studio.zip`;
