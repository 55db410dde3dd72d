/**
 * The parts of a `multipart/related` answer held in memory (a WADO-RS series the viewer opens):
 * the bodies between the delimiters named by the Content-Type's boundary, part headers dropped.
 */
export function multipartBodies(bytes: Uint8Array, contentType: string): Uint8Array[] {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) throw new Error('the answer is not multipart (no boundary)');
  const delimiter = new TextEncoder().encode(`--${boundary}`);
  const find = (from: number, token: Uint8Array) => {
    outer: for (let i = from; i <= bytes.length - token.length; i++) {
      for (let k = 0; k < token.length; k++) if (bytes[i + k] !== token[k]) continue outer;
      return i;
    }
    return -1;
  };
  const blank = new TextEncoder().encode('\r\n\r\n');
  const parts: Uint8Array[] = [];
  let at = find(0, delimiter);
  while (at >= 0 && !(bytes[at + delimiter.length] === 0x2d && bytes[at + delimiter.length + 1] === 0x2d)) {
    const start = find(at, blank) + blank.length;
    const next = find(start, delimiter);
    if (start < blank.length || next < 0) throw new Error('the multipart answer is truncated');
    parts.push(bytes.subarray(start, next - 2)); // the CRLF before the delimiter belongs to it
    at = next;
  }
  return parts;
}
