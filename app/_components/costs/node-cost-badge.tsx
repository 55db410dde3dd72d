'use client';
import { Coins } from 'lucide-react';
import { money, seconds } from './money';
import { useNodeCosts } from './node-cost-store';

/** Small estimate badge on a canvas node (nothing until an estimate exists). */
export function NodeCostBadge({ nodeId }: { nodeId: string }) {
  const cost = useNodeCosts((s) => s.byNode[nodeId]);
  const currency = useNodeCosts((s) => s.currency);
  const scan = useNodeCosts((s) => s.scanName);
  if (!cost) return null;
  const title = [`Estimated on ${scan ?? 'the first stored scan'}: ${money(cost.nano, currency)}, ${seconds(cost.cpuSeconds)} CPU`, ...cost.notes].join('\n');
  return (
    <div data-testid={`node-cost-${nodeId}`} title={title} className="mx-3 mb-1.5 flex items-center gap-1 rounded bg-emerald-50 px-1.5 py-0.5 text-[10px] text-emerald-800">
      <Coins className="h-3 w-3" /> {money(cost.nano, currency)} · {seconds(cost.cpuSeconds)} CPU
    </div>
  );
}
