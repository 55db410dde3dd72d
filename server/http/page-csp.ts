/**
 * The Content-Security-Policy of every page. Scripts: same-origin files plus the inline
 * bootstrap scripts Next renders with this request's nonce (never 'unsafe-inline'), and
 * 'wasm-unsafe-eval' to compile onnxruntime-web's and the DICOM codecs' WebAssembly. Styles
 * keep 'unsafe-inline' (React Flow and Radix position elements with style attributes; styles
 * cannot run script). Nothing may be framed, embedded, posted off-site or re-based.
 * `dev` adds 'unsafe-eval', which React's development build needs for its error overlays.
 */
export function pageCsp(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'wasm-unsafe-eval'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** A fresh unguessable nonce (128 bits, base64) for one page response. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}
