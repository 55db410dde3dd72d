// Types of resample-cubic.mjs.
import type { AxisMap, SlabJob, SlabRun } from './resample-slab.d.mts';

type Row = (job: SlabJob, o: number, b: number[], d: number[], i0: number, i1: number) => void;
export const cubicRowEdge: Row;
export const cubicRowInterior: Row;
export function cubicSeparable(job: SlabJob, maps: AxisMap[]): SlabRun;
