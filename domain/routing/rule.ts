import { z } from 'zod';

/**
 * A routing rule (issue 14): "when a series matching these conditions is complete (no new
 * instance for the quiet period), run this pipeline and send its DICOM outputs there". Pure data,
 * validated here once for the page, the tRPC procedures and the scheduler. Every size is bounded:
 * the condition tree (depth, leaves), patterns (length, no nested quantifiers, no
 * backreferences: a regular expression runs against received data, so it must not backtrack
 * exponentially), the values compared, the destinations.
 */
export const ROUTING_LIMITS = {
  patternChars: 200,
  /** Attribute text longer than this is compared on its first characters only. */
  valueChars: 1024,
  depth: 4,
  leaves: 50,
  destinations: 10,
  quietSecondsMax: 3600,
} as const;
export const DEFAULT_QUIET_SECONDS = 10;

/** `a+` inside a group that is itself quantified (`(a+)+`, `(a*)*`, `(?:a|b+){2,}`), or a backreference. */
const DANGEROUS_REGEX = /\([^()]*[+*}][^()]*\)[+*{]|\\[1-9]|\\k</;

export const PatternSchema = z
  .object({
    syntax: z.enum(['glob', 'regex']).default('glob'),
    pattern: z.string().min(1).max(ROUTING_LIMITS.patternChars),
    caseSensitive: z.boolean().default(false),
  })
  .superRefine((p, ctx) => {
    if (p.syntax !== 'regex') return;
    if (DANGEROUS_REGEX.test(p.pattern)) ctx.addIssue({ code: 'custom', message: 'nested quantifiers and backreferences are not allowed (they can backtrack without bound)' });
    try {
      new RegExp(p.pattern);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: `not a regular expression: ${(e as Error).message}` });
    }
  });
export type Pattern = z.infer<typeof PatternSchema>;

const Tag = z
  .string()
  .regex(/^[0-9A-Fa-f]{8}$/, 'a tag is 8 hex digits, group then element (e.g. 00180050)')
  .transform((t) => t.toUpperCase());
const Texts = z.array(z.string().trim().min(1).max(64)).min(1).max(20);

export const TAG_OPS = ['equals', 'matches', 'lt', 'lte', 'gt', 'gte', 'present', 'absent'] as const;
export type TagOp = (typeof TAG_OPS)[number];

const TagCondition = z
  .object({
    type: z.literal('tag'),
    tag: Tag,
    op: z.enum(TAG_OPS),
    value: z.union([z.string().max(ROUTING_LIMITS.valueChars), z.number().finite()]).optional(),
    pattern: PatternSchema.optional(),
  })
  .superRefine((c, ctx) => {
    if (c.op === 'matches' && !c.pattern) ctx.addIssue({ code: 'custom', message: '"matches" needs a pattern' });
    if (c.op === 'equals' && c.value === undefined) ctx.addIssue({ code: 'custom', message: '"equals" needs a value' });
    if (['lt', 'lte', 'gt', 'gte'].includes(c.op) && typeof c.value !== 'number') ctx.addIssue({ code: 'custom', message: `"${c.op}" compares numbers: its value must be a number` });
  });

export type Condition =
  | { type: 'modality'; anyOf: string[] }
  | { type: 'bodyPart'; anyOf: string[] }
  | { type: 'seriesDescription'; pattern: Pattern }
  | z.infer<typeof TagCondition>
  | { type: 'all' | 'any'; of: Condition[] }
  | { type: 'not'; condition: Condition };

export const ConditionSchema: z.ZodType<Condition, unknown> = z.lazy(() =>
  z.union([
    z.object({ type: z.literal('modality'), anyOf: Texts }),
    z.object({ type: z.literal('bodyPart'), anyOf: Texts }),
    z.object({ type: z.literal('seriesDescription'), pattern: PatternSchema }),
    TagCondition,
    z.object({ type: z.enum(['all', 'any']), of: z.array(ConditionSchema).min(1).max(ROUTING_LIMITS.leaves) }),
    z.object({ type: z.literal('not'), condition: ConditionSchema }),
  ]),
) as z.ZodType<Condition, unknown>;

/** Depth and leaf count of a parsed tree (the schema bounds each list, this bounds the whole). */
export function conditionSize(c: Condition, depth = 1): { depth: number; leaves: number } {
  if (c.type === 'all' || c.type === 'any') {
    const parts = c.of.map((x) => conditionSize(x, depth + 1));
    return { depth: Math.max(depth, ...parts.map((p) => p.depth)), leaves: parts.reduce((a, p) => a + p.leaves, 0) };
  }
  if (c.type === 'not') return conditionSize(c.condition, depth + 1);
  return { depth, leaves: 1 };
}

/** An AE title: 1-16 characters of the default repertoire, no backslash (PS3.5 AE). */
const AeTitle = z.string().trim().min(1).max(16).regex(/^[\x20-\x5b\x5d-\x7e]+$/, 'an AE title is printable ASCII without backslash');

export const DestinationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('dimse'), aeTitle: AeTitle, host: z.string().trim().min(1).max(253), port: z.number().int().min(1).max(65535), callingAet: AeTitle.optional() }),
  z.object({
    kind: z.literal('dicomweb'),
    /** The DICOMweb base (STOW-RS posts to `<url>/studies`). */
    url: z.url({ protocol: /^https?$/ }).max(2000),
    headers: z.record(z.string().regex(/^[A-Za-z0-9-]{1,100}$/), z.string().max(2000)).optional(),
  }),
]);
export type Destination = z.infer<typeof DestinationSchema>;

/** One delivery queue per key: the same receiver named in two rules is one queue. */
export function destinationKey(d: Destination): string {
  return d.kind === 'dimse' ? `dimse:${d.aeTitle}@${d.host}:${d.port}` : `dicomweb:${d.url.replace(/\/+$/, '')}`;
}

export const RuleSpecSchema = z
  .object({
    when: ConditionSchema,
    quietSeconds: z.number().int().min(1).max(ROUTING_LIMITS.quietSecondsMax).default(DEFAULT_QUIET_SECONDS),
    /** No versionId: the pipeline's active version when the series completes. */
    pipeline: z.object({ pipelineId: z.string().min(1).max(100), versionId: z.string().min(1).max(100).optional() }),
    destinations: z.array(DestinationSchema).max(ROUTING_LIMITS.destinations).default([]),
  })
  .superRefine((s, ctx) => {
    const size = conditionSize(s.when);
    if (size.depth > ROUTING_LIMITS.depth) ctx.addIssue({ code: 'custom', path: ['when'], message: `conditions nest ${size.depth} deep; at most ${ROUTING_LIMITS.depth}` });
    if (size.leaves > ROUTING_LIMITS.leaves) ctx.addIssue({ code: 'custom', path: ['when'], message: `${size.leaves} conditions; at most ${ROUTING_LIMITS.leaves}` });
  });
export type RuleSpec = z.infer<typeof RuleSpecSchema>;
