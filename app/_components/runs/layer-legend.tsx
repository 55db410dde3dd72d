import { REFERENCE_OUTLINE } from '../../_lib/outline';

export type Layer = 'reference' | 'prediction';

/** With a reference overlay: which map is which (reference outlined, prediction filled), each can be hidden. */
export function LayerLegend({ shown, onToggle }: { shown: Record<Layer, boolean>; onToggle: (l: Layer) => void }) {
  const [r, g, b] = REFERENCE_OUTLINE;
  const swatch: Record<Layer, React.CSSProperties> = {
    reference: { border: `2px solid rgb(${r},${g},${b})`, background: '#334155' },
    prediction: { background: 'linear-gradient(90deg, rgb(230,159,0), rgb(86,180,233))' },
  };
  return (
    <ul className="flex gap-2" data-testid="layer-legend" aria-label="Overlays">
      {(['reference', 'prediction'] as const).map((l) => (
        <li key={l}>
          <button type="button" aria-pressed={shown[l]} data-testid={`layer-${l}`} onClick={() => onToggle(l)}
            className={`flex items-center gap-2 rounded-md border px-2 py-1 text-xs ${shown[l] ? 'border-slate-300 text-slate-800' : 'border-slate-200 text-slate-400 line-through'}`}>
            <span className="h-3 w-3 rounded-sm" style={swatch[l]} />
            {l}
          </button>
        </li>
      ))}
    </ul>
  );
}
