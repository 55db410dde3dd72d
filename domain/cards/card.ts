import { z } from 'zod';
import type { ModelContract } from '../models/contract';
import { ORIENTATION_CODES } from '../nodes/orientation';

/**
 * A model card: what a model is for, what it expects, what it gives, what it was trained on and
 * where it fails. Every string and list is bounded (a card is a document people read, not a data
 * store); unknown keys are refused so a misspelt field is an error, not silently dropped.
 */
const text = (max: number) => z.string().max(max);
export const CARD_TEXT_MAX = 4000;

export const CardLabelSchema = z
  .object({
    value: z.number().int().min(0).max(65535),
    name: text(120).min(1),
    /** sRGB 0-255. */
    color: z.tuple([z.number().int().min(0).max(255), z.number().int().min(0).max(255), z.number().int().min(0).max(255)]).optional(),
  })
  .strict();
export type CardLabel = z.infer<typeof CardLabelSchema>;

export const InputContractSchema = z
  .object({
    /** Spatial shape (1-3 dims) the model was trained at, in the model's axis order (axisOrder says which). */
    shape: z.array(z.number().int().positive().max(1_000_000)).min(1).max(3).optional(),
    /** How the tensor's axes map to the scan's voxel axes, e.g. "[N,1,z,y,x]: NIfTI voxels in file order". */
    axisOrder: text(500).optional(),
    /** Voxel orientation the model was trained on (FreeSurfer's conformed scans: LIA). */
    orientation: z.enum(ORIENTATION_CODES as [string, ...string[]]).optional(),
    /** Voxel spacing, mm, per spatial axis (one value: isotropic). */
    spacingMm: z.array(z.number().positive().max(100)).min(1).max(3).optional(),
    /** Element type the model reads (float32, uint8, ...). */
    dtype: text(16).optional(),
    channels: z.number().int().positive().max(4096).optional(),
    /** Expected intensity range after preprocessing, [min, max]. */
    valueRange: z.tuple([z.number(), z.number()]).optional(),
    /** Intensity handling and preprocessing in words ("min-max normalise the whole volume to [0,1]"). */
    intensity: text(2000).optional(),
  })
  .strict();
export type InputContract = z.infer<typeof InputContractSchema>;

export const ModelCardSchema = z
  .object({
    intendedUse: text(CARD_TEXT_MAX),
    /** DICOM modality codes or protocol names (MR, CT, T1...). */
    modality: z.array(text(32).min(1)).max(16),
    inputContract: InputContractSchema,
    labels: z.array(CardLabelSchema).max(1024),
    trainingData: text(CARD_TEXT_MAX),
    knownLimits: text(CARD_TEXT_MAX),
    references: z.array(text(1000).min(1)).max(50).optional(),
    authors: z.array(text(200).min(1)).max(50).optional(),
    license: text(200).optional(),
  })
  .strict();
export type ModelCard = z.infer<typeof ModelCardSchema>;

export const EMPTY_CARD: ModelCard = { intendedUse: '', modality: [], inputContract: {}, labels: [], trainingData: '', knownLimits: '' };

/** Parses a card, or undefined when it is not one (a file's metadata is not trusted to be valid). */
export function parseCard(value: unknown): ModelCard | undefined {
  const r = ModelCardSchema.safeParse(value);
  return r.success ? r.data : undefined;
}

/** The card a model's input contract already implies (labels, grid, orientation, preprocessing). */
export function cardFromContract(c: ModelContract | undefined): ModelCard {
  const inputContract: InputContract = {};
  if (c?.shape) inputContract.shape = [...c.shape];
  if (c?.inputAxes) inputContract.axisOrder = c.inputAxes;
  if (c?.orientation) inputContract.orientation = c.orientation;
  if (c?.spacingMm) inputContract.spacingMm = [c.spacingMm];
  if (c?.preprocessing) inputContract.intensity = c.preprocessing;
  const labels = (c?.labels ?? []).flatMap((l) => {
    const label = CardLabelSchema.safeParse({ value: l.value, name: l.name, ...(l.color ? { color: l.color.map((x) => Math.round(x)) } : {}) });
    return label.success ? [label.data] : [];
  });
  return { ...EMPTY_CARD, intendedUse: c?.intendedUse ?? '', modality: [...(c?.modality ?? [])], inputContract, labels };
}
