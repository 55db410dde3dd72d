import { isNotASlice } from '../../domain/scan-files';
import { ServiceError } from '../errors';

/**
 * Which uploaded files make a case, by their relative paths alone (no file is read here):
 * - NIfTI, nnU-Net / MSD: `imagesTr/<case>_0000.nii.gz` + `labelsTr/<case>.nii.gz`;
 * - NIfTI, plain folders: `images/<case>.nii[.gz]` + `labels/<case>.nii[.gz]`;
 * - NIfTI side by side: `<case>.nii[.gz]` + `<case>_seg|_label|_labels|_mask.nii[.gz]` in one folder;
 * - DICOM: every other file, one case per folder (its image series and its SEG; which file is
 *   the SEG is decided when the files are read).
 * Left out: hidden files, DICOMDIR, Thumbs.db, `dataset.json` (nnU-Net) and `__MACOSX/`. A
 * file that pairs with nothing refuses the whole upload (DATASET_UNPAIRED, listing them).
 * Case keys are the case names (NIfTI) or folder paths (DICOM), below a folder that holds
 * everything (a zipped or dropped top folder is not part of the key).
 */
export interface NiftiCase {
  key: string;
  image: string;
  reference: string;
}
export interface DicomCase {
  key: string;
  files: string[];
}
export interface Pairing {
  nifti: NiftiCase[];
  dicom: DicomCase[];
}

const NIFTI = /\.nii(\.gz)?$/i;
const SIDE_REFERENCE = /^(.+)_(seg|label|labels|mask)$/i;
const LISTED = 50;

const ignored = (path: string) => isNotASlice(path) || /(^|\/)dataset\.json$/i.test(path) || path.split('/').some((s) => s === '__MACOSX' || s.startsWith('.'));

/** Normalised relative paths: backslashes to slashes, no leading `./` or `/`. */
const normalise = (p: string) => p.replace(/\\/g, '/').replace(/^(\.?\/)+/, '');

/** The top folder every path lies under (a zipped or dropped folder), or ''. */
function commonRoot(paths: string[]): string {
  const firsts = new Set(paths.map((p) => (p.includes('/') ? p.split('/')[0] : '')));
  const [only] = firsts;
  return firsts.size === 1 && only ? `${only}/` : '';
}

type Role = { group: string; key: string; kind: 'image' | 'reference' };

/** Where a NIfTI file sits in the rules: its pairing group (folder pair), case name and role. */
function niftiRole(path: string): Role | undefined {
  const parts = path.split('/');
  const base = parts.pop()!.replace(NIFTI, '');
  const parent = parts[parts.length - 1] ?? '';
  const above = parts.slice(0, -1).join('/');
  if (parent === 'imagesTr') return /_0000$/.test(base) ? { group: `${above}|Tr`, key: base.slice(0, -5), kind: 'image' } : undefined;
  if (parent === 'labelsTr') return { group: `${above}|Tr`, key: base, kind: 'reference' };
  if (parent === 'images') return { group: `${above}|plain`, key: base, kind: 'image' };
  if (parent === 'labels') return { group: `${above}|plain`, key: base, kind: 'reference' };
  const side = SIDE_REFERENCE.exec(base);
  const dir = parts.join('/');
  return side ? { group: `${dir}|side`, key: side[1], kind: 'reference' } : { group: `${dir}|side`, key: base, kind: 'image' };
}

const caseKey = (group: string, key: string) => {
  const dir = group.split('|')[0];
  return dir ? `${dir}/${key}` : key;
};

export function pairDatasetFiles(paths: readonly string[]): Pairing {
  const all = paths.map(normalise).filter((p) => !ignored(p));
  const root = commonRoot(all);
  const rel = new Map(all.map((p) => [p.slice(root.length), p]));
  const pairs = new Map<string, { key: string; image?: string; reference?: string }>();
  const unpaired: string[] = [];
  const folders = new Map<string, string[]>();
  for (const [path, original] of rel) {
    if (!NIFTI.test(path)) {
      const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
      folders.set(dir, [...(folders.get(dir) ?? []), original]);
      continue;
    }
    const role = niftiRole(path);
    if (!role) {
      unpaired.push(original);
      continue;
    }
    const id = `${role.group}#${role.key}`;
    const pair = pairs.get(id) ?? { key: caseKey(role.group, role.key) };
    if (pair[role.kind]) unpaired.push(original);
    else pair[role.kind] = original;
    pairs.set(id, pair);
  }
  const nifti: NiftiCase[] = [];
  for (const p of pairs.values()) {
    if (p.image && p.reference) nifti.push({ key: p.key, image: p.image, reference: p.reference });
    else unpaired.push((p.image ?? p.reference)!);
  }
  const dicom = [...folders].map(([dir, files]) => ({ key: dir || root.replace(/\/$/, '') || 'case', files }));
  const keys = new Set(nifti.map((c) => c.key));
  for (const c of dicom) if (keys.has(c.key)) unpaired.push(...c.files);
  if (unpaired.length > 0) {
    const files = unpaired.sort();
    throw new ServiceError('DATASET_UNPAIRED', `${files.length} file(s) pair with no case: ${files.slice(0, 10).join(', ')}${files.length > 10 ? ', ...' : ''}`, {
      files: files.slice(0, LISTED),
      count: files.length,
    });
  }
  if (nifti.length + dicom.length === 0) throw new ServiceError('EMPTY_UPLOAD', 'the upload holds no case');
  return { nifti: nifti.sort((a, b) => cmp(a.key, b.key)), dicom: dicom.sort((a, b) => cmp(a.key, b.key)) };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
