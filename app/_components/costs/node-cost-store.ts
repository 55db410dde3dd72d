import { create } from 'zustand';

/** Per-node estimate of the draft on the canvas (set by CanvasCostEstimate, read by each node's badge). */
interface NodeCosts {
  byNode: Record<string, { nano: number; cpuSeconds: number; notes: string[] }>;
  currency: string;
  scanName?: string;
  set(v: Omit<NodeCosts, 'set'>): void;
}

export const useNodeCosts = create<NodeCosts>((set) => ({ byNode: {}, currency: 'USD', set: (v) => set(v) }));
