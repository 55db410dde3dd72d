/**
 * Bounds what one peer can make the listener buffer. dcmjs-dimse gathers each PDU whole before
 * reading it and trusts the 32-bit length in its header, so a peer declaring a 4 GiB PDU would
 * be buffered up to that. This scanner follows the PDU headers of the byte stream (type, reserved,
 * length: PS3.8 9.3.1) and reports the first PDU over its limit or of an unknown type, before the
 * library sees more than that chunk. Pure: feed it chunks, it keeps 6 header bytes at most.
 */
export const PDU_TYPES = { associateRq: 0x01, associateAc: 0x02, associateRj: 0x03, pData: 0x04, releaseRq: 0x05, releaseRp: 0x06, abort: 0x07 } as const;

export interface PduLimits {
  /** Largest P-DATA-TF PDU body, bytes: the maximum length the studio announced in its A-ASSOCIATE-AC. */
  maxPDataBytes: number;
  /** Largest body of any other PDU (an A-ASSOCIATE-RQ with many presentation contexts is a few KiB). */
  maxOtherBytes: number;
}

export type GuardVerdict = { ok: true } | { ok: false; reason: string };

export function pduGuard(limits: PduLimits): (chunk: Uint8Array) => GuardVerdict {
  const header = new Uint8Array(6);
  let headerGot = 0;
  /** Bytes of the current PDU body still to skip. */
  let bodyLeft = 0;
  let failed: GuardVerdict | undefined;
  return (chunk) => {
    if (failed) return failed;
    let at = 0;
    while (at < chunk.length) {
      if (bodyLeft > 0) {
        const skip = Math.min(bodyLeft, chunk.length - at);
        bodyLeft -= skip;
        at += skip;
        continue;
      }
      const take = Math.min(6 - headerGot, chunk.length - at);
      header.set(chunk.subarray(at, at + take), headerGot);
      headerGot += take;
      at += take;
      if (headerGot < 6) break;
      headerGot = 0;
      const type = header[0];
      const length = ((header[2] << 24) >>> 0) + (header[3] << 16) + (header[4] << 8) + header[5];
      if (type < PDU_TYPES.associateRq || type > PDU_TYPES.abort) {
        return (failed = { ok: false, reason: `unknown PDU type 0x${type.toString(16).padStart(2, '0')}` });
      }
      const max = type === PDU_TYPES.pData ? limits.maxPDataBytes : limits.maxOtherBytes;
      if (length > max) return (failed = { ok: false, reason: `PDU of type ${type} declares ${length} bytes (limit ${max})` });
      bodyLeft = length;
    }
    return { ok: true };
  };
}
