import { ModelCardSchema, type CardLabel, type ModelCard } from '../../domain/cards/card';

/**
 * The card editor's fields as plain text (what an input holds) and back. Lists are one item per
 * line; labels are `value name #rrggbb` lines (colour optional); numbers in a shape or spacing are
 * separated by `x`, commas or spaces. The result is checked with the card schema, so the form
 * shows the same limits the server enforces.
 */
export interface CardForm {
  intendedUse: string;
  modality: string;
  shape: string;
  axisOrder: string;
  orientation: string;
  spacingMm: string;
  dtype: string;
  channels: string;
  valueRange: string;
  intensity: string;
  labels: string;
  trainingData: string;
  knownLimits: string;
  references: string;
  authors: string;
  license: string;
}

const hex = (c: number) => c.toString(16).padStart(2, '0');
const numbers = (s: string) => s.split(/[\sx×,]+/).filter(Boolean).map(Number);
const lines = (s: string) => s.split('\n').map((l) => l.trim()).filter(Boolean);

export function labelLine(l: CardLabel): string {
  return `${l.value} ${l.name}${l.color ? ` #${l.color.map(hex).join('')}` : ''}`;
}

export function cardToForm(c: ModelCard): CardForm {
  const ic = c.inputContract;
  return {
    intendedUse: c.intendedUse,
    modality: c.modality.join(', '),
    shape: ic.shape?.join(' x ') ?? '',
    axisOrder: ic.axisOrder ?? '',
    orientation: ic.orientation ?? '',
    spacingMm: ic.spacingMm?.join(' x ') ?? '',
    dtype: ic.dtype ?? '',
    channels: ic.channels?.toString() ?? '',
    valueRange: ic.valueRange?.join(', ') ?? '',
    intensity: ic.intensity ?? '',
    labels: c.labels.map(labelLine).join('\n'),
    trainingData: c.trainingData,
    knownLimits: c.knownLimits,
    references: (c.references ?? []).join('\n'),
    authors: (c.authors ?? []).join('\n'),
    license: c.license ?? '',
  };
}

function parseLabel(line: string): unknown {
  const m = /^(\d+)\s+(.+?)(?:\s+#([0-9a-f]{6}))?$/i.exec(line);
  if (!m) return { value: Number.NaN, name: line };
  const color = m[3] ? [0, 2, 4].map((i) => parseInt(m[3].slice(i, i + 2), 16)) : undefined;
  return { value: Number(m[1]), name: m[2], ...(color ? { color } : {}) };
}

/** The card the form describes, or the first problems found (field path and message). */
export function formToCard(f: CardForm): { ok: true; card: ModelCard } | { ok: false; problems: string[] } {
  const opt = (s: string) => (s.trim() ? s.trim() : undefined);
  const list = (s: string) => (lines(s).length ? lines(s) : undefined);
  const draft = {
    intendedUse: f.intendedUse.trim(),
    modality: f.modality.split(/[,\n]/).map((m) => m.trim()).filter(Boolean),
    inputContract: {
      shape: opt(f.shape) && numbers(f.shape),
      axisOrder: opt(f.axisOrder),
      orientation: opt(f.orientation)?.toUpperCase(),
      spacingMm: opt(f.spacingMm) && numbers(f.spacingMm),
      dtype: opt(f.dtype),
      channels: opt(f.channels) && Number(f.channels),
      valueRange: opt(f.valueRange) && numbers(f.valueRange),
      intensity: opt(f.intensity),
    },
    labels: lines(f.labels).map(parseLabel),
    trainingData: f.trainingData.trim(),
    knownLimits: f.knownLimits.trim(),
    references: list(f.references),
    authors: list(f.authors),
    license: opt(f.license),
  };
  const r = ModelCardSchema.safeParse(JSON.parse(JSON.stringify(draft)));
  if (r.success) return { ok: true, card: r.data };
  return { ok: false, problems: r.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || 'card'}: ${i.message}`) };
}
