/**
 * Reading the JSON Schema that `catalogue.list` ships for node params (z.toJSONSchema output,
 * draft 2020-12). Classifies each property into the form control that edits it; anything
 * not recognised falls back to a JSON text field.
 */
export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
  description?: string;
  unit?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema | false;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  pattern?: string;
};

export type FieldKind =
  | { kind: 'number'; integer: boolean; nullable: boolean }
  | { kind: 'string' }
  | { kind: 'enum'; options: string[] }
  | { kind: 'boolean' }
  | { kind: 'int-triple' }
  | { kind: 'model-ref' }
  | { kind: 'label-list' }
  | { kind: 'json' };

const isType = (s: JsonSchema | undefined, t: string) => !!s && (s.type === t || (Array.isArray(s.type) && s.type.includes(t)));

export function classifyField(s: JsonSchema): FieldKind {
  if (s.anyOf?.some((a) => a.properties?.sha256)) return { kind: 'model-ref' };
  if (s.anyOf) {
    const nonNull = s.anyOf.filter((a) => !isType(a, 'null'));
    if (nonNull.length === 1 && nonNull[0] && (isType(nonNull[0], 'number') || isType(nonNull[0], 'integer'))) {
      return { kind: 'number', integer: isType(nonNull[0], 'integer'), nullable: true };
    }
    return { kind: 'json' };
  }
  if (Array.isArray(s.enum) && s.enum.every((e) => typeof e === 'string')) return { kind: 'enum', options: s.enum as string[] };
  if (isType(s, 'boolean')) return { kind: 'boolean' };
  if (isType(s, 'integer') || isType(s, 'number')) return { kind: 'number', integer: isType(s, 'integer'), nullable: false };
  if (isType(s, 'string')) return { kind: 'string' };
  if (isType(s, 'array')) {
    if (s.prefixItems?.length === 3 && s.prefixItems.every((p) => isType(p, 'integer') || isType(p, 'number'))) return { kind: 'int-triple' };
    const item = s.items || undefined;
    if (item?.properties?.value && item.properties.name) return { kind: 'label-list' };
  }
  return { kind: 'json' };
}

/** Params of a freshly placed node: the schema defaults (fields without a default are left out). */
export function schemaDefaults(schema: JsonSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, p] of Object.entries(schema.properties ?? {})) if (p.default !== undefined) out[k] = structuredClone(p.default);
  return out;
}

/** Human-readable bound, e.g. "> 0" or "0 – 1"; zod's safe-integer bounds are hidden. */
export function describeBounds(s: JsonSchema): string | undefined {
  const big = (n?: number) => n === undefined || Math.abs(n) >= Number.MAX_SAFE_INTEGER;
  if (s.exclusiveMinimum !== undefined && big(s.maximum)) return `> ${s.exclusiveMinimum}`;
  if (!big(s.minimum) && !big(s.maximum)) return `${s.minimum} – ${s.maximum}`;
  if (!big(s.minimum)) return `≥ ${s.minimum}`;
  return undefined;
}
