import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusPath, needFiles } from '../../test/needs';
import { gunzip, useNativeDeflate } from '../imaging/nifti/gzip';
import { installNativeGzip } from './native-gzip';

const T1 = corpusPath('models/t1_crop_256_uint8.nii.gz');
const HAVE_T1 = needFiles(T1);
afterAll(() => useNativeDeflate(undefined));

describe('native zlib on the real T1', () => {
  it.skipIf(!HAVE_T1.ok)(HAVE_T1.title('decodes the real T1 exactly as fflate does'), () => {
    const bytes = new Uint8Array(readFileSync(T1));
    installNativeGzip();
    const viaNative = gunzip(bytes);
    useNativeDeflate(undefined);
    const viaFflate = gunzip(bytes);
    expect(viaNative.length).toBe(viaFflate.length);
    expect(Buffer.compare(Buffer.from(viaNative), Buffer.from(viaFflate))).toBe(0);
  });
});
