// Types of resample-span.mjs.
export function inside(x: number, lo: number, hi: number, strict: boolean): boolean;
export function clip(r: Int32Array, at: number, b: number, d: number, lo: number, hi: number, strict: boolean): void;
