import dcmjs from 'dcmjs';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME, item } from '../../runtimes/imaging/seg/part10';

/**
 * The start of a Part 10 file (PS3.10 7.1): 128-byte preamble, "DICM" and the File Meta group,
 * for a dataset received over the network. The dataset bytes follow unchanged, in the transfer
 * syntax of the presentation context they came on; the SOP UIDs are the C-STORE command's and
 * the source AE is the caller (PS3.10 7.1: Source Application Entity Title).
 */
export function part10Head(m: { sopClassUid: string; sopInstanceUid: string; transferSyntaxUid: string; sourceAet: string }): Uint8Array {
  const meta = item(
    [0x00020001, 'OB', Uint8Array.of(0, 1)],
    [0x00020002, 'UI', m.sopClassUid],
    [0x00020003, 'UI', m.sopInstanceUid],
    [0x00020010, 'UI', m.transferSyntaxUid],
    [0x00020012, 'UI', IMPLEMENTATION_CLASS_UID],
    [0x00020013, 'SH', IMPLEMENTATION_VERSION_NAME],
    [0x00020016, 'AE', m.sourceAet],
  );
  return new Uint8Array(new dcmjs.data.DicomDict(meta).write());
}
