/**
 * Does libjpeg need telling that a 3-component baseline codestream holds RGB, not YCbCr?
 * libjpeg decides (jdapimin.c): JFIF APP0 => YCbCr; Adobe APP14 => its transform flag;
 * component IDs 'R','G','B' => RGB; else YCbCr. DICOM (PS3.5 8.2.1) and its toolkits (DCMTK
 * dcmdjpeg, GDCM) add: no marker and PhotometricInterpretation RGB => no transform. The
 * cornerstone libjpeg-turbo build has no colour-space option, so we give libjpeg the marker it
 * reads for exactly that: an Adobe APP14 segment with transform 0, inserted after SOI.
 */
export function withoutColourTransform(data: Uint8Array, photometric: string | undefined): Uint8Array {
  if (photometric !== 'RGB' || data[0] !== 0xff || data[1] !== 0xd8) return data;
  let p = 2;
  while (p + 4 < data.length && data[p] === 0xff) {
    const m = data[p + 1];
    if (m === 0xff) { p++; continue; }
    const length = (data[p + 2] << 8) | data[p + 3];
    // libjpeg ignores a JFIF (APP0) shorter than 14 data bytes and an Adobe (APP14) shorter than 12.
    if (m === 0xe0 && length >= 16 && ascii(data, p + 4, 5) === 'JFIF\0') return data;
    if (m === 0xee && length >= 14 && ascii(data, p + 4, 5) === 'Adobe') return data;
    if (m === 0xda || m === 0xd9) break; // SOS/EOI: no colour marker before the scan
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) {
      const ids = [0, 1, 2].map((k) => data[p + 10 + 3 * k]);
      if (data[p + 9] !== 3 || String.fromCharCode(...ids) === 'RGB') return data;
    }
    p += 2 + length;
  }
  const out = new Uint8Array(data.length + ADOBE_RGB.length);
  out.set(data.subarray(0, 2));
  out.set(ADOBE_RGB, 2);
  out.set(data.subarray(2), 2 + ADOBE_RGB.length);
  return out;
}

/** APP14 "Adobe", version 100, flags 0/0, transform 0 (no colour transform). */
const ADOBE_RGB = Uint8Array.of(0xff, 0xee, 0x00, 0x0e, 0x41, 0x64, 0x6f, 0x62, 0x65, 0x00, 0x64, 0x00, 0x00, 0x00, 0x00, 0x00);

const ascii = (d: Uint8Array, at: number, n: number) => String.fromCharCode(...d.subarray(at, at + n));
