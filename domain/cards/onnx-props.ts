import { contractFromMetadata } from '../models/contract';
import { canonicalJson } from '../versioning/canonical';
import { cardFromContract, parseCard, type ModelCard } from './card';

/**
 * The card as ONNX `metadata_props` (string -> string). `studio.card` holds the whole card as
 * canonical JSON: that is what registration reads back, so a model carrying these props gets
 * this card exactly. Beside it, for tools that do not know the studio: ONNX's recommended
 * `model_author` / `model_license` (IR.md, "Optional Metadata") and the keys brainchop's
 * converted models carry (`task`, `labels` with colours, `input_axes`, `preprocessing`, `source`).
 * Writing them into a registered model would change its sha256, so the studio never does; a
 * model built with them (e.g. by a training script) is read back on registration.
 */
export const CARD_PROP = 'studio.card';
/** Metadata values longer than this are ignored (contract.ts uses the same bound). */
const MAX_VALUE = 64 * 1024;

export function toOnnxMetadataProps(card: ModelCard): { key: string; value: string }[] {
  const props: [string, string | undefined][] = [
    [CARD_PROP, canonicalJson(card)],
    ['task', card.intendedUse || undefined],
    ['labels', card.labels.length ? JSON.stringify(card.labels) : undefined],
    ['input_axes', card.inputContract.axisOrder],
    ['preprocessing', card.inputContract.intensity],
    ['source', card.references?.join('\n')],
    ['model_author', card.authors?.join(', ')],
    ['model_license', card.license],
  ];
  return props.flatMap(([key, value]) => (value ? [{ key, value }] : []));
}

/**
 * The card a model's metadata carries: `studio.card` when it parses as a card; else what the
 * input contract reader finds (`studio.contract`, or brainchop's keys: task, labels with colours,
 * axis order, "conform to 256^3 1 mm" as shape, spacing and LIA), with `source` as a reference
 * and `model_author` / `model_license`. Undefined when the metadata says nothing of the kind.
 */
export function fromOnnxMetadataProps(props: Record<string, string>): ModelCard | undefined {
  const get = (k: string) => (props[k] !== undefined && props[k].length <= MAX_VALUE ? props[k] : undefined);
  const own = get(CARD_PROP);
  if (own !== undefined) {
    const card = parseCard(safeJson(own));
    if (card) return card;
  }
  const contract = contractFromMetadata(props);
  const source = get('source')?.trim();
  const authors = get('model_author')?.split(/,\s*/).map((a) => a.trim()).filter((a) => a && a.length <= 200).slice(0, 50);
  const license = get('model_license')?.trim();
  if (!contract && !source && !authors?.length && !license) return undefined;
  const card = cardFromContract(contract);
  if (source) card.references = source.split('\n').filter((r) => r && r.length <= 1000).slice(0, 50);
  if (authors?.length) card.authors = authors;
  if (license && license.length <= 200) card.license = license;
  return card;
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}
