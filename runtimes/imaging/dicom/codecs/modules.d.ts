// The cornerstone codec packages ship emscripten glue without typings: each default-exports
// a module factory (typed where it is used, in wasm.ts).
declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs' { const factory: unknown; export default factory; }
declare module '@cornerstonejs/codec-charls/decodewasmjs' { const factory: unknown; export default factory; }
declare module '@cornerstonejs/codec-openjpeg/decodewasmjs' { const factory: unknown; export default factory; }
declare module '@cornerstonejs/codec-openjph/wasmjs' { const factory: unknown; export default factory; }
declare module 'daikon/lib/jpeg-baseline.js' {
  export class JpegImage {
    width: number;
    height: number;
    components: unknown[];
    parse(data: Uint8Array): void;
    getData16(width: number, height: number): Uint16Array;
  }
}
declare module 'jpeg-lossless-decoder-js' {
  // The package's "types" entry points at a file it does not ship.
  export class Decoder {
    xDim: number;
    yDim: number;
    numComp: number;
    decode(buffer: ArrayBuffer, offset: number, length: number, numBytes?: number): Uint8Array | Uint16Array;
  }
}
