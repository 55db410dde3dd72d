'use client';
import { isNotASlice } from '../../domain/scan-files';
import { sha256Hex } from '../../domain/sha256';
import type { RunInput } from '../../runtimes/core/kernel';

/** A scan picked in the page: read with the File API, kept in memory, never uploaded. */
export interface LocalScan {
  name: string;
  format: 'nifti' | 'dicom';
  input: RunInput;
  /** sha256 (hex) of each file -> its bytes; the kernels' readBlob reads from here. */
  bytes: Map<string, Uint8Array>;
  size: number;
  /** NIfTI: the file's sha256. DICOM: sha256 of the files' sha256s (hex, sorted, joined by '\n'). */
  sha256: string;
}

const isNifti = (n: string) => /\.nii(\.gz)?$/i.test(n);

/** One .nii/.nii.gz file, or the files of one DICOM series (a folder pick). */
export async function readLocalScan(picked: File[]): Promise<LocalScan> {
  const files = picked.filter((f) => !isNotASlice(f.name) && f.size > 0);
  if (files.length === 0) throw new Error('no readable file was chosen');
  const nifti = files.filter((f) => isNifti(f.name));
  if (nifti.length > 1 || (nifti.length === 1 && files.length > 1)) throw new Error('choose one NIfTI file, or the files of one DICOM series');
  const format = nifti.length === 1 ? 'nifti' : 'dicom';
  const bytes = new Map<string, Uint8Array>();
  const refs: RunInput['files'] = [];
  for (const f of files.sort((a, b) => a.name.localeCompare(b.name))) {
    const data = new Uint8Array(await f.arrayBuffer());
    const sha256 = await sha256Hex(data);
    bytes.set(sha256, data);
    refs.push({ sha256, name: f.name, size: f.size });
  }
  const sha256 = format === 'nifti' ? refs[0]!.sha256 : await sha256Hex(refs.map((r) => r.sha256).sort().join('\n'));
  // A folder pick sets webkitRelativePath; a folder drop (filesFromDrop) sets relativePath.
  const path = (files[0] as File & { relativePath?: string }).relativePath || files[0]!.webkitRelativePath || '';
  const folder = path.includes('/') ? path.split('/')[0] : '';
  const name = format === 'nifti' ? files[0]!.name : folder || `${files.length} DICOM files`;
  return { name, format, input: { format, files: refs }, bytes, size: refs.reduce((a, r) => a + r.size, 0), sha256 };
}
