import { Eye, EyeOff } from 'lucide-react';
import { labelColour } from '../../_lib/overlay';

export interface LegendEntry {
  value: number;
  name: string;
}

/** One toggle per label: hides or shows that label in the overlay of every plane. */
export function LabelLegend({ entries, colours, hidden, onToggle }: {
  entries: LegendEntry[];
  colours?: Map<number, [number, number, number]>;
  hidden: ReadonlySet<number>;
  onToggle: (value: number) => void;
}) {
  if (!entries.length) return <p className="text-xs text-slate-400">No labelled voxels.</p>;
  return (
    <ul className="flex flex-wrap gap-2" data-testid="label-legend" aria-label="Labels">
      {entries.map((e) => {
        const [r, g, b] = labelColour(e.value, colours);
        const shown = !hidden.has(e.value);
        const Icon = shown ? Eye : EyeOff;
        return (
          <li key={e.value}>
            <button
              type="button"
              aria-pressed={shown}
              data-testid={`legend-${e.value}`}
              onClick={() => onToggle(e.value)}
              className={`flex items-center gap-2 rounded-md border px-2 py-1 text-xs ${shown ? 'border-slate-300 text-slate-800' : 'border-slate-200 text-slate-400 line-through'}`}
            >
              <span className="h-3 w-3 rounded-sm" style={{ background: `rgb(${r},${g},${b})`, opacity: shown ? 1 : 0.3 }} />
              {e.name} <span className="font-mono text-[11px] text-slate-400">({e.value})</span>
              <Icon className="h-3.5 w-3.5" aria-hidden />
            </button>
          </li>
        );
      })}
    </ul>
  );
}
