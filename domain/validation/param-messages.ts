import type { z } from 'zod';

/**
 * Zod's own messages ("Too small: expected number to be >0") turned into sentences about the
 * field as the form shows it: its label (meta `title`, else the key split into words, the same
 * words the inspector uses) and its unit (meta `unit`), e.g. "Window width must be positive".
 */

type Meta = { title?: string; unit?: string };
type Def = { type: string; innerType?: z.ZodType; shape?: Record<string, z.ZodType>; items?: z.ZodType[]; element?: z.ZodType; in?: z.ZodType };
const AXES = ['x', 'y', 'z'];

export const humanizeKey = (k: string) => k.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().replace(/^./, (c) => c.toUpperCase());

const defOf = (s: z.ZodType) => (s as unknown as { def: Def }).def;

/** Peels defaults, optionals, nullables and pipes, collecting the meta set on any layer. */
function unwrap(s: z.ZodType | undefined, meta: Meta): { schema?: z.ZodType; meta: Meta } {
  for (let i = 0; s && i < 16; i++) {
    meta = { ...((s.meta?.() as Meta | undefined) ?? {}), ...meta };
    const d = defOf(s);
    const inner = d.type === 'pipe' ? d.in : d.innerType;
    if (!inner) break;
    s = inner;
  }
  return { schema: s, meta };
}

interface Field {
  label: string;
  unit?: string;
  /** The (unwrapped) schema at the issue's path, to tell a tuple from a list. */
  schema?: z.ZodType;
}

/** The field an issue path points at: `['size', 2]` in a [x, y, z] triple is "Size (z)". */
export function fieldAt(root: z.ZodType, path: (string | number)[]): Field {
  let { schema, meta } = unwrap(root, {});
  let label = '';
  let unit: string | undefined;
  for (const key of path) {
    const d = schema ? defOf(schema) : undefined;
    let next: z.ZodType | undefined;
    if (typeof key === 'string') {
      next = d?.shape?.[key];
      const u = unwrap(next, {});
      label = label ? `${label} ${humanizeKey(key).toLowerCase()}` : (u.meta.title ?? humanizeKey(key));
      ({ schema, meta } = u);
    } else {
      next = d?.type === 'tuple' ? d.items?.[key] : d?.element;
      const axis = d?.type === 'tuple' && d.items?.length === 3 ? AXES[key] : `#${key + 1}`;
      label = `${label || 'Value'} (${axis})`;
      ({ schema, meta } = unwrap(next, { unit: meta.unit }));
    }
    unit = meta.unit ?? unit;
  }
  return { label: label || 'Parameters', unit, schema };
}

const withUnit = (n: unknown, unit?: string) => (unit && unit !== '%' ? `${n} ${unit}` : unit === '%' ? `${n}%` : String(n));
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const TYPE_WORDS: Record<string, string> = { int: 'a whole number', number: 'a number', string: 'text', boolean: 'on or off', array: 'a list', object: 'a group of values' };

function valueAt(params: unknown, path: (string | number)[]): unknown {
  let v = params;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined;
  return v;
}

function sizeRule(zi: { origin?: string; inclusive?: boolean }, bound: number, field: Field, atLeast: boolean): string {
  const tuple = field.schema && defOf(field.schema).type === 'tuple' ? defOf(field.schema).items?.length : undefined;
  if (zi.origin === 'array') return tuple !== undefined ? `must have exactly ${plural(tuple, 'value')}` : `must have ${atLeast ? 'at least' : 'at most'} ${plural(bound, 'item')}`;
  if (zi.origin === 'string') return atLeast && bound === 1 ? 'must not be empty' : `must be ${atLeast ? 'at least' : 'at most'} ${plural(bound, 'character')} long`;
  if (atLeast && bound === 0 && zi.inclusive === false) return 'must be positive';
  if (atLeast && bound === 0) return 'must not be negative';
  const rel = zi.inclusive === false ? (atLeast ? 'greater than' : 'less than') : atLeast ? 'at least' : 'at most';
  return `must be ${rel} ${withUnit(bound, field.unit)}`;
}

/** One sentence for one zod issue of a node's params; `params` is the value that was checked. */
export function paramIssueMessage(root: z.ZodType, zi: z.core.$ZodIssue, params: unknown): string {
  const path = zi.path.map((p) => (typeof p === 'number' ? p : String(p)));
  const field = fieldAt(root, path);
  const say = (rule: string) => `${field.label} ${rule}`;
  if ((zi.code === 'invalid_type' || zi.code === 'invalid_union') && valueAt(params, path) === undefined) return say('is required');
  switch (zi.code) {
    case 'too_small':
      return say(sizeRule(zi, Number(zi.minimum), field, true));
    case 'too_big':
      return say(sizeRule(zi, Number(zi.maximum), field, false));
    case 'invalid_type':
      return say(`must be ${TYPE_WORDS[zi.expected] ?? zi.expected}`);
    case 'invalid_value':
      return say(zi.values.length === 1 ? `must be ${JSON.stringify(zi.values[0])}` : `must be one of ${zi.values.map((v) => JSON.stringify(v)).join(', ')}`);
    case 'invalid_union': {
      const options = zi.errors.flatMap((branch) => branch.flatMap((b) => (b.code === 'invalid_value' ? b.values : [])));
      return say(options.length ? `must be one of ${options.map((v) => JSON.stringify(v)).join(', ')}` : 'has a value of the wrong kind');
    }
    case 'unrecognized_keys':
      return `${zi.keys.length === 1 ? 'Unknown parameter' : 'Unknown parameters'} ${zi.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_format':
      // A custom message (a regex's explanation) says what is expected; zod's default does not.
      return say(zi.message.startsWith('Invalid') ? `is not a valid ${zi.format}` : `must be ${zi.message}`);
    default:
      return say(zi.message.startsWith('Invalid') || zi.message.startsWith('Too') ? 'is not valid' : zi.message);
  }
}
