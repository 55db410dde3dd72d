import type { Calibration } from '../../domain/cost/calibration';
import { estimateRun, type RunEstimate } from '../../domain/cost/estimate';
import type { InputInfo, ModelGraphs } from '../../domain/cost/node-cost';
import type { OnnxGraphLite } from '../../domain/cost/onnx-graph';
import type { PipelineGraph } from '../../domain/graph/schema';
import { modelRefs } from '../../domain/models/refs';
import type { ModelRef } from '../../domain/models/signature';
import { declaredImage } from '../../runtimes/imaging/dicom/declared';
import { parseDicom } from '../../runtimes/imaging/dicom/parse';
import { parseHeader } from '../../runtimes/imaging/nifti/header';
import { env } from '../env';
import { ServiceError } from '../errors';
import type { ScanRow } from '../scans/repo';
import { getCalibration } from './calibration';
import { currentRateCard } from './ledger';
import { readOnnxGraphLite } from '../../runtimes/core/onnx-graph';
import type { ServiceDeps } from '../context';
import { loadModelLookup } from '../models/service';
import { isGzip } from '../../runtimes/imaging/nifti/gzip';
import { readNiftiHead, readPrefix } from '../../runtimes/server/file-heads';
import { requireScan } from '../scans/service';

/**
 * Estimates: the scan's header (dims, voxel size), the ONNX graphs of the models and this
 * machine's calibration feed the pure cost model (domain/cost/estimate.ts), priced with the
 * rate card in force now.
 */
let calibrationSource: () => Promise<Calibration> = () =>
  // A short-lived ORT pool with the executors' thread settings (no database needed).
  getCalibration(env.STUDIO_DATA_DIR, async () => {
    const { createServerRuntime } = await import('../../runtimes/server');
    return createServerRuntime({ size: 1, intraOpNumThreads: env.ORT_THREADS });
  });

/** Tests and the bench choose where the calibration comes from. */
export function setCalibrationSource(source: () => Promise<Calibration>): void {
  calibrationSource = source;
}

export const costCalibration = () => calibrationSource();

const inputCache = new Map<string, InputInfo>();

/** Dims and voxel size of a scan from its header only (a partial gunzip for .nii.gz). */
export async function scanInputInfo(deps: Pick<ServiceDeps, 'blobs'>, scan: ScanRow): Promise<InputInfo> {
  const hit = inputCache.get(scan.id);
  if (hit) return hit;
  const first = scan.files[0];
  if (!first) throw new ServiceError('BAD_REQUEST', `scan ${scan.id} has no files on the server (a browser-only input cannot be estimated here)`);
  let info: InputInfo;
  if (scan.format === 'nifti') {
    // The header only: a bounded prefix, streamed gunzip stopped after 352 bytes (never the body).
    const path = await deps.blobs.localPath(first.sha256);
    const gz = isGzip(await readPrefix(path, 2));
    const h = parseHeader(await readNiftiHead(path));
    info = { dims: [h.dim[1], Math.max(1, h.dim[2]), Math.max(1, h.dim[3])], bytesPerVoxel: Math.max(1, h.bitpix / 8), fileBytes: scan.sizeBytes, gzip: gz };
  } else {
    const bytes = await deps.blobs.read(first.sha256);
    const d = declaredImage(parseDicom(bytes, first.name, { untilTag: 'x7fe00010' }));
    info = { dims: [d.cols ?? 1, d.rows ?? 1, scan.files.length * d.frames], bytesPerVoxel: 4, fileBytes: scan.sizeBytes, gzip: false };
  }
  inputCache.set(scan.id, info);
  return info;
}

const graphCache = new Map<string, OnnxGraphLite>();

/** ONNX graphs of the models the caller's workspace registered (another workspace's model is unknown here). */
async function modelGraphs(deps: Pick<ServiceDeps, 'db' | 'blobs' | 'principal'>, graph: PipelineGraph): Promise<ModelGraphs> {
  const lookup = await loadModelLookup(deps);
  const shaOf = (ref: ModelRef) => ('sha256' in ref ? lookup(ref) && ref.sha256 : lookup.byFile(ref.file)?.sha256);
  const out = new Map<string, OnnxGraphLite>();
  for (const { ref } of modelRefs(graph)) {
    const sha = shaOf(ref);
    if (!sha) continue;
    let g = graphCache.get(sha);
    if (!g && (await deps.blobs.has(sha))) {
      g = readOnnxGraphLite(await deps.blobs.read(sha));
      graphCache.set(sha, g);
    }
    if (g) out.set(sha, g);
  }
  return (ref) => {
    const g = out.get(shaOf(ref) || '');
    return g && { graph: g };
  };
}

/** Estimate of running `graph` on a scan, priced with the caller's workspace's current card; returns the card too. */
export async function estimateGraph(deps: Pick<ServiceDeps, 'db' | 'blobs' | 'principal'>, graph: PipelineGraph, scanId: string): Promise<{ estimate: RunEstimate; rateCardId: string; currency: string }> {
  const scan = await requireScan(deps, scanId);
  const [input, models, calibration, card] = await Promise.all([scanInputInfo(deps, scan), modelGraphs(deps, graph), costCalibration(), currentRateCard(deps.db, scan.workspaceId)]);
  const live = { ...calibration, baselineRssBytes: Math.max(calibration.baselineRssBytes, process.memoryUsage.rss()) };
  const estimate = estimateRun({ graph, input, models, calibration: live, rates: card.rates });
  return { estimate, rateCardId: card.id, currency: card.currency };
}
