// Types of argmax.mjs.
export function argmax(data: Float32Array, channels: number, out?: Uint8Array | Uint16Array): Uint8Array | Uint16Array;
