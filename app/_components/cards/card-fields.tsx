'use client';
import type { CardForm } from '../../_lib/card-form';
import { Input, Label, Textarea } from '../ui/input';

type Field = { key: keyof CardForm; label: string; hint?: string; rows?: number };

/** The card's fields in reading order; `rows` marks a multi-line field. */
export const MODEL_FIELDS: Field[] = [
  { key: 'intendedUse', label: 'Intended use', rows: 3 },
  { key: 'modality', label: 'Modality', hint: 'comma-separated: MR, CT, T1' },
  { key: 'shape', label: 'Input shape (voxels)', hint: 'e.g. 256 x 256 x 256' },
  { key: 'axisOrder', label: 'Axis order', hint: 'e.g. [N,1,z,y,x]: NIfTI voxels in file order' },
  { key: 'orientation', label: 'Orientation', hint: 'RAS, LPS, LIA…' },
  { key: 'spacingMm', label: 'Spacing (mm)', hint: 'one value, or x y z' },
  { key: 'dtype', label: 'Element type', hint: 'float32, uint8…' },
  { key: 'channels', label: 'Channels' },
  { key: 'valueRange', label: 'Value range', hint: 'min, max after preprocessing' },
  { key: 'intensity', label: 'Intensity and preprocessing', rows: 2 },
  { key: 'labels', label: 'Labels', hint: 'one per line: value name #rrggbb', rows: 5 },
  { key: 'trainingData', label: 'Training data', rows: 3 },
  { key: 'knownLimits', label: 'Known limits', rows: 3 },
  { key: 'references', label: 'References', hint: 'one per line', rows: 2 },
  { key: 'authors', label: 'Authors', hint: 'one per line', rows: 2 },
  { key: 'license', label: 'Licence' },
];
const PIPELINE_KEYS: (keyof CardForm)[] = ['intendedUse', 'modality', 'trainingData', 'knownLimits', 'references', 'authors', 'license'];
export const PIPELINE_FIELDS = MODEL_FIELDS.filter((f) => PIPELINE_KEYS.includes(f.key));

/** Labelled inputs for a card form (two columns when `wide`); read-only (disabled) for a role that cannot save it. */
export function CardFields({ form, fields, readOnly, idPrefix, wide, onChange }: { form: CardForm; fields: Field[]; readOnly: boolean; idPrefix: string; wide?: boolean; onChange: (f: CardForm) => void }) {
  return (
    <div className={wide ? 'grid grid-cols-1 gap-3 sm:grid-cols-2' : 'flex flex-col gap-3'}>
      {fields.map((f) => {
        const id = `${idPrefix}-${f.key}`;
        const common = { id, 'data-testid': id, value: form[f.key], disabled: readOnly, placeholder: f.hint, onChange: (e: { target: { value: string } }) => onChange({ ...form, [f.key]: e.target.value }) };
        return (
          <div key={f.key} className={wide && f.rows ? 'sm:col-span-2' : undefined}>
            <Label htmlFor={id}>{f.label}</Label>
            {f.rows ? <Textarea rows={f.rows} className="min-h-0 text-xs" {...common} /> : <Input {...common} />}
          </div>
        );
      })}
    </div>
  );
}
