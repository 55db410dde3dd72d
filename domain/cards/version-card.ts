import { z } from 'zod';
import { CARD_TEXT_MAX, ModelCardSchema, type ModelCard } from './card';
import type { Summary } from '../evaluation/aggregate';
import { METRIC_NAMES } from '../evaluation/metrics';
import { toMonaiMetadata } from './monai';

const text = (max: number) => z.string().max(max);
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'sha256 is 64 lowercase hex chars');

/**
 * What a pipeline says of itself beside its models' cards, edited on the pipeline page and
 * pinned into each version it publishes (input contract and labels come from the models).
 */
export const PipelineCardSchema = ModelCardSchema.pick({ intendedUse: true, modality: true, trainingData: true, knownLimits: true, references: true, authors: true, license: true }).strict();
export type PipelineCard = z.infer<typeof PipelineCardSchema>;
export const EMPTY_PIPELINE_CARD: PipelineCard = { intendedUse: '', modality: [], trainingData: '', knownLimits: '' };

/** One metric over a dataset's cases: domain/evaluation's `Summary`, checked. */
export const MetricSummarySchema: z.ZodType<Summary> = z
  .object({
    n: z.number().int().nonnegative(),
    mean: z.number().nullable(),
    median: z.number().nullable(),
    ci95: z.tuple([z.number(), z.number()]).nullable(),
    missing: z.number().int().nonnegative(),
  })
  .strict();

/**
 * Results of evaluating a version on a dataset version, per label and metric (dice, hd95Mm...;
 * the shape of domain/evaluation's `LabelSummary` without its undefined counts). Filled by
 * evaluations; a card without it says "not evaluated".
 */
export const CardEvaluationSchema = z
  .object({
    datasetVersionId: text(200).min(1),
    evaluationId: text(200).optional(),
    evaluatedAt: text(40).optional(),
    cases: z.number().int().nonnegative().max(1_000_000).optional(),
    perLabel: z.array(z.object({ label: z.number().int().min(0).max(65535), name: text(120), metrics: z.partialRecord(z.enum(METRIC_NAMES), MetricSummarySchema) }).strict()).max(1024),
    summary: text(CARD_TEXT_MAX).optional(),
  })
  .strict();
export type CardEvaluation = z.infer<typeof CardEvaluationSchema>;

export const VERSION_CARD_SCHEMA = 'studio.version-card/v1';

/**
 * The card pinned when a version is published: the pipeline's card at that moment, the cards of
 * the models the version pins (by sha256), and the pipeline's version history up to and
 * including this version. Frozen: later edits of either card do not change it.
 */
export const VersionCardSchema = z
  .object({
    schema: z.literal(VERSION_CARD_SCHEMA),
    pipeline: z.object({ name: text(200), semver: text(40), contentHash: Sha256 }).strict(),
    card: PipelineCardSchema,
    models: z.array(z.object({ sha256: Sha256, name: text(200), card: ModelCardSchema }).strict()).max(1000),
    history: z.array(z.object({ semver: text(40), notes: text(4000), publishedAt: text(40) }).strict()).max(10_000),
    evaluation: CardEvaluationSchema.optional(),
  })
  .strict();
export type VersionCard = z.infer<typeof VersionCardSchema>;

/** `models` in the graph's node order (first: the one reading the scan). */
export function buildVersionCard(args: {
  pipeline: { name: string; semver: string; contentHash: string };
  card: PipelineCard;
  models: { sha256: string; name: string; card: ModelCard }[];
  history: { semver: string; notes: string; publishedAt: string }[];
  evaluation?: CardEvaluation;
}): VersionCard {
  return VersionCardSchema.parse({ schema: VERSION_CARD_SCHEMA, ...args });
}

/**
 * One model card for a whole version (MONAI metadata and ONNX props describe one network): the
 * pipeline's words first, each model's after; the input contract of the first model (in graph
 * order, the one reading the scan), the labels of the last; modalities and lists merged.
 */
export function mergedCard(v: VersionCard): ModelCard {
  const last = v.models.at(-1)?.card;
  const join = (xs: string[]) => xs.filter(Boolean).join('\n\n').slice(0, CARD_TEXT_MAX);
  const union = (xs: (string[] | undefined)[], max: number) => [...new Set(xs.flatMap((x) => x ?? []))].slice(0, max);
  const references = union([v.card.references, ...v.models.map((m) => m.card.references)], 50);
  const authors = union([v.card.authors, ...v.models.map((m) => m.card.authors)], 50);
  const license = v.card.license ?? last?.license;
  return ModelCardSchema.parse({
    intendedUse: join([v.card.intendedUse, ...v.models.map((m) => m.card.intendedUse)]),
    modality: union([v.card.modality, ...v.models.map((m) => m.card.modality)], 16),
    inputContract: v.models[0]?.card.inputContract ?? {},
    labels: last?.labels ?? [],
    trainingData: join([v.card.trainingData, ...v.models.map((m) => m.card.trainingData)]),
    knownLimits: join([v.card.knownLimits, ...v.models.map((m) => m.card.knownLimits)]),
    ...(references.length ? { references } : {}),
    ...(authors.length ? { authors } : {}),
    ...(license ? { license } : {}),
  });
}

/** The MONAI `metadata.json` of a pinned card: the merged card, the version history as `changelog`. */
export function versionMonaiMetadata(v: VersionCard, description = '') {
  const changelog = Object.fromEntries(v.history.map((h) => [h.semver, h.notes]));
  return toMonaiMetadata(mergedCard(v), { name: v.pipeline.name, version: v.pipeline.semver, description, changelog });
}
