import { z } from 'zod';
import { CardLabelSchema, EMPTY_CARD, InputContractSchema, ModelCardSchema, type ModelCard } from './card';

/**
 * The card as a MONAI bundle `metadata.json` (MONAI Bundle Specification, "metadata.json File"):
 * `version`, `changelog`, `task`, `description`, `authors`, `copyright`, `license`,
 * `intended_use`, `data_source`, `references` and `network_data_format` with one input `image`
 * and one output `pred` (`channel_def` keyed by label value: argmax channel = label value).
 * `monai_version`, `pytorch_version` and `numpy_version` are left out: the model is ONNX, no
 * MONAI or PyTorch produced this file. What MONAI has no field for (known limits, orientation,
 * spacing, axis order, label colours, exact author and modality lists) is in the user key
 * `studio`, which the specification allows, so `fromMonaiMetadata` gives the card back whole.
 */
export interface MonaiContext {
  name: string;
  version: string;
  description?: string;
  /** Earlier versions -> their notes (MONAI `changelog`). */
  changelog?: Record<string, string>;
}

const text = (max: number) => z.string().max(max);
/** A MONAI document from anywhere is read field by field: a field that does not parse is left out, not the document. */
const TensorFormat = z.object({
  modality: text(200).optional().catch(undefined),
  num_channels: z.number().optional().catch(undefined),
  spatial_shape: z.array(z.union([z.number(), z.string()])).max(3).optional().catch(undefined),
  dtype: text(16).optional().catch(undefined),
  value_range: z.array(z.number()).max(2).optional().catch(undefined),
  channel_def: z.record(z.string(), text(200)).optional().catch(undefined),
});
const tensors = z.record(z.string(), TensorFormat).optional().catch(undefined);
const MonaiDoc = z.object({
  task: text(4000).optional().catch(undefined),
  intended_use: text(4000).optional().catch(undefined),
  authors: z.union([text(4000), z.array(text(200))]).optional().catch(undefined),
  license: text(200).optional().catch(undefined),
  data_source: text(4000).optional().catch(undefined),
  references: z.array(text(1000)).max(50).optional().catch(undefined),
  network_data_format: z.object({ inputs: tensors, outputs: tensors }).optional().catch(undefined),
  studio: z
    .object({
      known_limits: text(4000).optional().catch(undefined),
      input_contract: z.record(z.string(), z.unknown()).optional().catch(undefined),
      modality: z.array(text(32)).optional().catch(undefined),
      authors: z.array(text(200)).optional().catch(undefined),
      label_colors: z.record(z.string(), z.unknown()).optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
});

export function toMonaiMetadata(card: ModelCard, ctx: MonaiContext) {
  const ic = card.inputContract;
  const shape = ic.shape ?? [];
  const colors = Object.fromEntries(card.labels.flatMap((l) => (l.color ? [[String(l.value), l.color]] : [])));
  return {
    version: ctx.version,
    changelog: ctx.changelog ?? {},
    name: ctx.name,
    task: card.intendedUse,
    description: ctx.description ?? '',
    authors: (card.authors ?? []).join(', '),
    copyright: '',
    ...(card.license ? { license: card.license } : {}),
    intended_use: card.intendedUse,
    data_source: card.trainingData,
    references: card.references ?? [],
    network_data_format: {
      inputs: {
        image: {
          type: 'image',
          format: card.modality.includes('CT') ? 'hounsfield' : 'magnitude',
          modality: card.modality.length ? card.modality.join('+') : 'n/a',
          num_channels: ic.channels ?? 1,
          spatial_shape: shape,
          dtype: ic.dtype ?? 'float32',
          value_range: ic.valueRange ?? [],
          is_patch_data: false,
          channel_def: { '0': 'image' },
        },
      },
      outputs: {
        pred: {
          type: 'image',
          format: 'labels',
          num_channels: card.labels.length,
          spatial_shape: shape,
          dtype: 'float32',
          value_range: [],
          is_patch_data: false,
          channel_def: Object.fromEntries(card.labels.map((l) => [String(l.value), l.name])),
        },
      },
    },
    studio: { known_limits: card.knownLimits, input_contract: ic, modality: card.modality, authors: card.authors ?? [], label_colors: colors },
  };
}
export type MonaiMetadata = ReturnType<typeof toMonaiMetadata>;

/** A card from MONAI metadata (ours or any bundle's); what does not fit the card schema is left out. */
export function fromMonaiMetadata(meta: unknown): ModelCard {
  const parsed = MonaiDoc.safeParse(meta);
  if (!parsed.success) return { ...EMPTY_CARD, inputContract: {} };
  const m = parsed.data;
  const ext = m.studio;
  const input = Object.values(m.network_data_format?.inputs ?? {})[0];
  const output = Object.values(m.network_data_format?.outputs ?? {})[0];
  const fixedShape = input?.spatial_shape?.every((d) => typeof d === 'number') && input.spatial_shape.length ? (input.spatial_shape as number[]) : undefined;
  // The studio key holds the exact contract; a bundle from elsewhere has only MONAI's fields.
  const contract = ext?.input_contract ?? {
    shape: fixedShape,
    dtype: input?.dtype,
    channels: input?.num_channels,
    valueRange: input?.value_range?.length === 2 ? input.value_range : undefined,
  };
  const draft: Record<string, unknown> = {
    intendedUse: m.intended_use ?? m.task ?? '',
    modality: ext?.modality ?? (input?.modality && input.modality !== 'n/a' ? input.modality.split(/[+,/]/).map((s) => s.trim()).filter(Boolean) : []),
    inputContract: keepValid(InputContractSchema, contract),
    labels: Object.entries(output?.channel_def ?? {}).flatMap(([k, name]) => {
      const label = CardLabelSchema.safeParse({ value: Number(k), name, ...(ext?.label_colors?.[k] ? { color: ext.label_colors[k] } : {}) });
      return label.success ? [label.data] : [];
    }),
    trainingData: m.data_source ?? '',
    knownLimits: ext?.known_limits ?? '',
    references: m.references?.length ? m.references : undefined,
    authors: ext?.authors ?? (typeof m.authors === 'string' ? m.authors.split(/,\s*/).filter(Boolean) : m.authors),
    license: m.license,
  };
  if (Array.isArray(draft.authors) && !draft.authors.length) delete draft.authors;
  return keepValid(ModelCardSchema, draft, EMPTY_CARD) as ModelCard;
}

/** The fields of `draft` that pass their own schema (the rest dropped, or `fallback`'s). */
function keepValid<S extends z.ZodObject>(schema: S, draft: Record<string, unknown>, fallback: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    if (draft[key] === undefined) {
      if (fallback[key] !== undefined) out[key] = fallback[key];
      continue;
    }
    const r = (field as z.ZodType).safeParse(draft[key]);
    if (r.success) out[key] = r.data;
    else if (fallback[key] !== undefined) out[key] = fallback[key];
  }
  return out;
}
