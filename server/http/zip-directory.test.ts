import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readZipDirectory } from './zip-directory';

const limits = { entries: 100, entryBytes: 1 << 20, totalBytes: 1 << 20, ratio: 1032 };

describe('readZipDirectory', () => {
  it('lists regular files of a Unix-made zip', () => {
    const zip = zipSync({ 'a/b.nii': [strToU8('data'), { os: 3, attrs: 0o100644 << 16 }] });
    expect(readZipDirectory(zip, limits).map((e) => e.name)).toEqual(['a/b.nii']);
  });

  it('refuses a symbolic link entry (Unix mode 120000) before anything is inflated', () => {
    const zip = zipSync({ 'a/b.nii': [strToU8('data'), { os: 3, attrs: 0o100644 << 16 }], 'a/link.nii': [strToU8('/etc/passwd'), { os: 3, attrs: 0o120777 << 16 }] });
    expect(() => readZipDirectory(zip, limits)).toThrow(expect.objectContaining({ code: 'BUNDLE_INVALID', details: expect.objectContaining({ file: 'a/link.nii', problem: 'symlink' }) }));
  });

  it('refuses unsafe names: .., absolute, backslashes, NUL', () => {
    for (const name of ['../x', '/etc/x', 'a\\b', 'a\u0000b', 'C:/x']) {
      expect(() => readZipDirectory(zipSync({ [name]: strToU8('x') }), limits), name).toThrow(expect.objectContaining({ details: expect.objectContaining({ problem: 'name' }) }));
    }
  });
});
