import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { needFiles } from '../../test/needs';
import { readNifti } from '../imaging/nifti/read';
import { CORPUS_MODELS } from '../server/test-helpers';
import { MAX_INT8_PADDING_COST, measureVariant, optimiseModel, paddingCost, volumeFeeds } from './index';

const MODEL = path.join(CORPUS_MODELS, 'brainchop_meshnet_gwm_64cube.onnx');
const T1 = path.join(CORPUS_MODELS, 't1_crop_256_uint8.nii.gz');
const CORPUS = needFiles(MODEL, T1);

describe.skipIf(!CORPUS.ok)(CORPUS.title('optimised variants of brainchop MeshNet 64^3 on the T1'), () => {
  // Reference: the centre cube [96,160)^3; calibration: the cubes above and below it (no overlap).
  const load = () => {
    const fp32 = new Uint8Array(readFileSync(MODEL));
    const nifti = readNifti(new Uint8Array(readFileSync(T1)));
    const volume = { data: nifti.data, dims: nifti.geometry.dims };
    const shape = [1, 1, 64, 64, 64];
    return { fp32, reference: volumeFeeds(volume, shape, 'centre')[0], calibration: volumeFeeds(volume, shape, 'neighbours') };
  };

  it.each(['int8-static', 'fp16'] as const)('%s: Dice per label >= 0.98 against fp32, smaller file, label counts reported', async (kind) => {
    const { fp32, reference, calibration } = load();
    expect(calibration).toHaveLength(2);
    const v = await optimiseModel(fp32, kind, { calibration: calibration.map((f) => ({ input: f })) });
    const r = await measureVariant({ fp32, variant: v.bytes, input: { input: reference }, reps: 1 });
    expect(r.dicePerLabel).toHaveLength(3);
    for (const d of r.dicePerLabel) expect(d).toBeGreaterThanOrEqual(0.98);
    expect(r.labelCounts.fp32).toEqual([75224, 109968, 76952]); // MANIFEST.tsv's counts for this crop
    expect(r.labelCounts.variant.reduce((a, b) => a + b, 0)).toBe(64 ** 3);
    expect(r.sizeBytes).toBeLessThan(fp32.byteLength * (kind === 'fp16' ? 0.55 : 0.35));
    if (kind === 'int8-static') {
      // Every dilated 3^3 conv is quantized; only the 1-channel input conv stays float32.
      expect((v.details.quantizedNodes as string[]).length).toBe(7);
      expect(v.details.keptFloat).toEqual([expect.objectContaining({ node: 'Conv_0' })]);
    }
  }, 300_000);
});

const MODEL_256 = path.join(CORPUS_MODELS, 'niivue_meshnet_gwm_256.onnx');
const CORPUS_256 = needFiles(MODEL_256);

describe.skipIf(!CORPUS_256.ok)(CORPUS_256.title('int8-static of niivue MeshNet 256^3 (5 channels per layer)'), () => {
  it('is refused before calibration: padding to the int8 kernel\'s 16 channels is 10x the arithmetic (bench: 0.1x fp32)', async () => {
    const fp32 = new Uint8Array(readFileSync(MODEL_256));
    const cost = paddingCost(fp32);
    expect(cost.channels).toEqual([5, 5, 5, 5, 5, 5, 5, 5, 5, 3]);
    // per output voxel: 1->5, 8 x 5->5 (3^3 taps), 5->3 (1 tap); padded 1->16, 8 x 16->16, 16->3
    expect(cost.fp32Macs).toBe(5 * 27 + 8 * 5 * 5 * 27 + 3 * 5);
    expect(cost.paddedMacs).toBe(16 * 27 + 8 * 16 * 16 * 27 + 3 * 16);
    expect(cost.cost).toBeGreaterThan(MAX_INT8_PADDING_COST);
    // no calibration samples given: refused before they would be needed
    const refused = await optimiseModel(fp32, 'int8-static').catch((e: Error & { code?: string }) => e);
    expect(refused).toMatchObject({ code: 'MODEL_INVALID', details: { paddingCost: 10.05 } });
    expect((refused as Error).message).toMatch(/cannot be faster than float32 .* 3\/5 channels.* by 10\.0x/);
  });
});
