import { z } from 'zod';
import type { LabelMapping } from '../../domain/evaluation/types';
import { ServiceError } from '../errors';

/** Limits of one dataset version, checked before any volume is read. */
export const DATASET_LIMITS = {
  /** Cases per version. */
  maxCases: 500,
  /** Distinct reference values over a version's references, and entries of a label mapping. */
  maxLabelValues: 256,
  /** Characters of the label mapping JSON field. */
  mappingChars: 64 * 1024,
} as const;

const value = z.number().int().min(0).max(65535);
const MappingSchema = z.strictObject({
  entries: z.array(z.strictObject({ reference: value, label: value })).max(DATASET_LIMITS.maxLabelValues),
  names: z.record(z.string().regex(/^\d{1,5}$/), z.string().trim().min(1).max(200)).default({}),
});

const invalid = (message: string, details: Record<string, unknown> = {}) => new ServiceError('DATASET_MAPPING_INVALID', message, details);

/**
 * A label mapping from the upload's JSON field: `{entries: [{reference, label}], names?: {label: name}}`,
 * integers 0..65535, each reference value once, at most `maxLabelValues` entries. Labels
 * without a name are named "label N". Unmapped reference values count as background.
 */
export function parseLabelMapping(json: string): LabelMapping {
  if (json.length > DATASET_LIMITS.mappingChars) throw invalid(`the label mapping is ${json.length} characters (limit ${DATASET_LIMITS.mappingChars})`);
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw invalid('the label mapping is not JSON');
  }
  const parsed = MappingSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(`the label mapping is invalid at ${issue.path.join('.') || 'the top'}: ${issue.message}`, { path: issue.path.map(String) });
  }
  const seen = new Set<number>();
  for (const e of parsed.data.entries) {
    if (seen.has(e.reference)) throw invalid(`reference value ${e.reference} is mapped twice`, { reference: e.reference });
    seen.add(e.reference);
  }
  if (seen.size === 0) throw invalid('the label mapping maps no reference value');
  const entries = [...parsed.data.entries].sort((a, b) => a.reference - b.reference);
  return { entries, names: namesFor(entries, parsed.data.names) };
}

/** Identity over the non-zero values present in the references, named "label N". */
export function defaultLabelMapping(values: Iterable<number>): LabelMapping {
  const entries = [...new Set(values)].filter((v) => v !== 0).sort((a, b) => a - b).map((v) => ({ reference: v, label: v }));
  if (entries.length === 0) throw invalid('the references hold no label (every voxel is 0): give a label mapping or non-empty references');
  return { entries, names: namesFor(entries, {}) };
}

function namesFor(entries: LabelMapping['entries'], given: Record<string, string>): Record<string, string> {
  const names: Record<string, string> = {};
  for (const { label } of entries) if (label !== 0) names[String(label)] = given[String(label)] ?? `label ${label}`;
  return names;
}
