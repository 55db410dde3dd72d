import type { DicomJsonDataset } from 'dcmjs';

/** A private element kept by the Retain Safe Private rule: its group, creator and element byte. */
export interface SafePrivate {
  /** Odd group, 4 hex digits ("0019"). */
  group: string;
  /** The Private Creator value reserving the block ("GEMS_ACQU_01"). */
  creator: string;
  /** The element's low byte, 2 hex digits ("1E" for (0019,xx1E)). */
  element: string;
}

/** A creator's text; in implicit VR files an unknown private element is read as UN bytes. */
const creatorText = (v: unknown) => (v instanceof ArrayBuffer ? Buffer.from(v).toString('latin1') : String(v ?? '')).replace(/[\0 ]+$/, '').trim();
const creatorKey = (group: string, block: string) => `${group}:${block}`;

/**
 * Removes the private elements of one dataset level (odd groups) except those the safe list
 * names by group, creator and element byte; a Private Creator element stays only while an
 * element of its block stays. Returns how many were removed and kept.
 */
export function filterPrivate(ds: DicomJsonDataset, safe: readonly SafePrivate[]): { removed: number; kept: number } {
  const creators = new Map<string, string>();
  const tags = Object.keys(ds).filter((t) => parseInt(t.slice(0, 4), 16) % 2 === 1);
  for (const t of tags) {
    const elem = parseInt(t.slice(4), 16);
    if (elem >= 0x10 && elem <= 0xff) creators.set(creatorKey(t.slice(0, 4), t.slice(6)), creatorText(ds[t].Value?.[0]));
  }
  const usedBlocks = new Set<string>();
  let removed = 0;
  let kept = 0;
  for (const t of tags) {
    const group = t.slice(0, 4);
    const elem = parseInt(t.slice(4), 16);
    if (elem <= 0xff) continue; // group length and creators: decided below
    const creator = creators.get(creatorKey(group, t.slice(4, 6)));
    const ok = creator !== undefined && safe.some((s) => s.group.toUpperCase() === group && s.creator === creator && s.element.toUpperCase() === t.slice(6));
    if (ok) {
      usedBlocks.add(creatorKey(group, t.slice(4, 6)));
      kept++;
    } else {
      delete ds[t];
      removed++;
    }
  }
  for (const t of tags) {
    const elem = parseInt(t.slice(4), 16);
    if (elem > 0xff) continue;
    if (elem >= 0x10 && usedBlocks.has(creatorKey(t.slice(0, 4), t.slice(6)))) continue;
    delete ds[t];
    if (elem !== 0) removed++;
  }
  return { removed, kept };
}
