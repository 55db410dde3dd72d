import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../domain/sha256';
import { readLocalScan } from './browser-input';

const hex = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

describe('readLocalScan (File API + WebCrypto, nothing uploaded)', () => {
  it('hashes one NIfTI file with WebCrypto exactly as node:crypto does', async () => {
    const bytes = new Uint8Array([0x1f, 0x8b, 1, 2, 3]);
    const scan = await readLocalScan([new File([bytes], 'head.nii.gz')]);
    expect(scan).toMatchObject({ name: 'head.nii.gz', format: 'nifti', size: 5, sha256: hex(bytes) });
    expect(scan.input).toEqual({ format: 'nifti', files: [{ sha256: hex(bytes), name: 'head.nii.gz', size: 5 }] });
    expect(scan.bytes.get(hex(bytes))).toEqual(bytes);
  });

  it('treats other files as one DICOM series, skipping DICOMDIR and empty files; input hash over sorted file hashes', async () => {
    const a = new Uint8Array([1]), b = new Uint8Array([2]);
    const scan = await readLocalScan([new File([b], 'b.dcm'), new File([a], 'a.dcm'), new File([new Uint8Array([9])], 'DICOMDIR'), new File([], 'empty.dcm')]);
    expect(scan.format).toBe('dicom');
    expect(scan.input.files.map((f) => f.name)).toEqual(['a.dcm', 'b.dcm']);
    expect(scan.sha256).toBe(hex([hex(a), hex(b)].sort().join('\n')));
    expect(await sha256Hex('abc')).toBe(hex('abc'));
  });

  it('names a dropped folder (relativePath, as filesFromDrop sets it) after the folder, loose files by their count', async () => {
    const slice = (name: string, relativePath: string) => Object.assign(new File([new Uint8Array([1])], name), { relativePath });
    expect((await readLocalScan([slice('a.dcm', 'series/a.dcm'), slice('b.dcm', 'series/more/b.dcm')])).name).toBe('series');
    expect((await readLocalScan([slice('a.dcm', 'a.dcm'), slice('b.dcm', 'b.dcm')])).name).toBe('2 DICOM files');
  });

  it('refuses a NIfTI mixed with other files, and an empty pick', async () => {
    await expect(readLocalScan([new File([new Uint8Array([1])], 'x.nii'), new File([new Uint8Array([1])], 'y.dcm')])).rejects.toThrow(/one NIfTI file/);
    await expect(readLocalScan([])).rejects.toThrow(/no readable file/);
  });
});
