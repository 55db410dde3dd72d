'use client';
import { useEffect, useState } from 'react';
import { Plus, Trash2 } from 'lucide-react';
import { shortHash } from '../../_lib/format';
import type { ModelInfo } from '../../_lib/types';
import { Button } from '../ui/button';
import { Input, Textarea, UnitInput } from '../ui/input';
import { Select } from '../ui/select';

type OnChange = (v: unknown) => void;

/** Number field that keeps the text while typing ("-", "0.") and emits numbers only. */
export function NumberField({ value, onChange, integer, nullable, unit, id, className }: { value: unknown; onChange: OnChange; integer: boolean; nullable: boolean; unit?: string; id: string; className?: string }) {
  const [text, setText] = useState(value == null ? '' : String(value));
  useEffect(() => setText(value == null ? '' : String(value)), [value]);
  return (
    <UnitInput
      id={id}
      className={className}
      inputMode={integer ? 'numeric' : 'decimal'}
      unit={unit}
      value={text}
      placeholder={nullable ? 'auto' : undefined}
      onChange={(e) => {
        setText(e.target.value);
        if (e.target.value.trim() === '' && nullable) return onChange(null);
        const n = Number(e.target.value);
        if (e.target.value.trim() !== '' && Number.isFinite(n)) onChange(integer ? Math.trunc(n) : n);
      }}
    />
  );
}

/** [x, y, z] integer triple as three inputs. */
export function TripleField({ value, onChange, unit, id }: { value: unknown; onChange: OnChange; unit?: string; id: string }) {
  const v = Array.isArray(value) && value.length === 3 ? (value as number[]) : [0, 0, 0];
  return (
    <div className="grid grid-cols-3 gap-1.5">
      {(['x', 'y', 'z'] as const).map((axis, i) => (
        <div key={axis} className="relative">
          <span className="pointer-events-none absolute inset-y-0 left-2 z-10 flex items-center text-[10px] font-semibold text-slate-400 uppercase">{axis}</span>
          <NumberField id={`${id}-${axis}`} className="pl-6" value={v[i]} integer nullable={false} unit={i === 2 ? unit : undefined} onChange={(n) => onChange(v.map((old, j) => (j === i ? n : old)))} />
        </div>
      ))}
    </div>
  );
}

/** Model reference by sha256, chosen from the registered models (their real signature shown). */
export function ModelField({ value, onChange, models, id }: { value: unknown; onChange: OnChange; models: ModelInfo[]; id: string }) {
  const ref = (value ?? {}) as { sha256?: string; file?: string };
  const options = models.map((m) => ({ value: m.sha256, label: m.name, hint: shortHash(m.sha256, 8) }));
  if (ref.file && !ref.sha256) options.unshift({ value: `file:${ref.file}`, label: ref.file, hint: 'by file name' });
  return (
    <Select
      aria-label="Model"
      data-testid={`${id}-select`}
      value={ref.sha256 ?? (ref.file ? `file:${ref.file}` : undefined)}
      placeholder={models.length ? 'Choose a model' : 'No models registered'}
      options={options}
      onValueChange={(v) => onChange(v.startsWith('file:') ? { file: v.slice(5) } : { sha256: v })}
    />
  );
}

type LabelRow = { value: number; name: string; color?: [number, number, number] };
const hex = (c?: [number, number, number]) => (c ? '#' + c.map((x) => x.toString(16).padStart(2, '0')).join('') : '#888888');
const rgb = (h: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];

/** Small table editor for label definitions {value, name, color}. */
export function LabelListField({ value, onChange }: { value: unknown; onChange: OnChange }) {
  const rows = (Array.isArray(value) ? value : []) as LabelRow[];
  const set = (i: number, patch: Partial<LabelRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className="rounded-md border border-slate-200">
      {rows.map((r, i) => (
        <div key={i} className="flex items-center gap-1.5 border-b border-slate-100 p-1.5 last:border-b-0">
          <Input aria-label="Label value" className="w-14" value={r.value} inputMode="numeric" onChange={(e) => set(i, { value: Math.trunc(Number(e.target.value) || 0) })} />
          <Input aria-label="Label name" value={r.name} onChange={(e) => set(i, { name: e.target.value })} />
          <input aria-label="Label colour" type="color" className="h-8 w-8 shrink-0 cursor-pointer rounded border border-slate-300 bg-white p-0.5" value={hex(r.color)} onChange={(e) => set(i, { color: rgb(e.target.value) })} />
          <Button size="icon" variant="ghost" aria-label="Remove label" onClick={() => onChange(rows.filter((_, j) => j !== i))}><Trash2 className="h-3.5 w-3.5" /></Button>
        </div>
      ))}
      <div className="p-1.5">
        <Button size="sm" variant="ghost" onClick={() => onChange([...rows, { value: rows.length ? Math.max(...rows.map((r) => r.value)) + 1 : 1, name: `label ${rows.length + 1}` }])}>
          <Plus className="h-3.5 w-3.5" /> Add label
        </Button>
      </div>
    </div>
  );
}

/** Fallback for shapes the form does not know: edit as JSON, applied when it parses. */
export function JsonField({ value, onChange, id }: { value: unknown; onChange: OnChange; id: string }) {
  const [text, setText] = useState(() => JSON.stringify(value ?? null, null, 2));
  const [bad, setBad] = useState(false);
  return (
    <div>
      <Textarea
        id={id}
        className="font-mono text-xs"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          try {
            onChange(JSON.parse(e.target.value));
            setBad(false);
          } catch {
            setBad(true);
          }
        }}
      />
      {bad ? <p className="mt-1 text-xs text-amber-700">Not valid JSON yet; the last valid value is kept.</p> : null}
    </div>
  );
}
