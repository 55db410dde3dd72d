import { z } from 'zod';
import { ORIENTATION_CODES } from '../nodes/orientation';

const text = (max: number) => z.string().max(max);

/**
 * What a model expects of its input and says of its output, carried in the ONNX file's
 * `metadata_props` (read at registration, so pinned with the model's sha256 in every version).
 * The validator warns when the graph feeding the model does not satisfy it.
 */
export const ModelContractSchema = z.object({
  /** Voxel orientation the model was trained on (FreeSurfer's conformed scans: LIA). */
  orientation: z.enum(ORIENTATION_CODES as [string, ...string[]]).optional(),
  spacingMm: z.number().positive().max(100).optional(),
  shape: z.tuple([z.number().int().positive(), z.number().int().positive(), z.number().int().positive()]).optional(),
  modality: z.array(text(16)).max(16).optional(),
  labels: z.array(z.object({ value: z.number().int().min(0).max(65535), name: text(120), color: z.tuple([z.number(), z.number(), z.number()]).optional() })).max(1024).optional(),
  intendedUse: text(2000).optional(),
  preprocessing: text(2000).optional(),
  inputAxes: text(500).optional(),
});
export type ModelContract = z.infer<typeof ModelContractSchema>;

/** Metadata values longer than this are ignored (a model file is not a place for megabytes of text). */
const MAX_VALUE = 64 * 1024;

function json(value: string | undefined): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/**
 * The contract in a model's metadata: the studio's own `studio.contract` (JSON of the schema
 * above), else what brainchop's converted models carry (`task`, `labels`, `input_axes`,
 * `preprocessing`; "conform to 256^3 1 mm" is FreeSurfer's conform: that shape and spacing, LIA).
 * Anything that does not parse is left out; no metadata gives undefined.
 */
export function contractFromMetadata(props: Record<string, string>): ModelContract | undefined {
  const get = (k: string) => (props[k] !== undefined && props[k].length <= MAX_VALUE ? props[k] : undefined);
  const own = ModelContractSchema.safeParse(json(get('studio.contract')));
  if (own.success) return Object.keys(own.data).length ? own.data : undefined;
  const draft: Record<string, unknown> = { intendedUse: get('task'), labels: json(get('labels')), inputAxes: get('input_axes'), preprocessing: get('preprocessing') };
  const conform = /conform(?:ed)? to (\d+)\^3,? (\d+(?:\.\d+)?) ?mm/i.exec(get('preprocessing') ?? '');
  if (conform) Object.assign(draft, { shape: [1, 1, 1].map(() => Number(conform[1])), spacingMm: Number(conform[2]), orientation: 'LIA' });
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(draft)) {
    if (value === undefined) continue;
    const field = ModelContractSchema.shape[key as keyof ModelContract].safeParse(value);
    if (field.success) out[key] = field.data;
  }
  return Object.keys(out).length ? (out as ModelContract) : undefined;
}
