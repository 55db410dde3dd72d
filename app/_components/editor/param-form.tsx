'use client';
import type { Issue } from '../../../domain/validation/issue';
import { humanizeKey as humanize } from '../../../domain/validation/param-messages';
import { classifyField, describeBounds, type JsonSchema } from '../../_lib/json-schema';
import type { ModelInfo } from '../../_lib/types';
import { Input, Label } from '../ui/input';
import { Select } from '../ui/select';
import { Switch } from '../ui/switch';
import { JsonField, LabelListField, ModelField, NumberField, TripleField } from './param-fields';

/**
 * Parameter form generated from a node's params JSON Schema (from its zod schema). Values
 * are written back raw; the domain validator reports what is wrong, in words, under the field
 * it is about (issues whose path starts with the field's key).
 */
export function ParamForm({
  nodeId,
  schema,
  params,
  models,
  issues,
  onChange,
}: {
  nodeId: string;
  issues: Issue[];
  schema: JsonSchema;
  params: Record<string, unknown>;
  models: ModelInfo[];
  onChange: (params: Record<string, unknown>) => void;
}) {
  const props = Object.entries(schema.properties ?? {});
  if (props.length === 0) return <p className="text-xs text-slate-400">This node has no parameters.</p>;
  return (
    <div className="flex flex-col gap-3.5">
      {props.map(([key, s]) => {
        const id = `param-${nodeId}-${key}`;
        const value = params[key] ?? s.default;
        const set = (v: unknown) => onChange({ ...params, [key]: v });
        const field = classifyField(s);
        const bounds = describeBounds(s);
        const required = schema.required?.includes(key);
        const problems = issues.filter((i) => i.path?.[0] === key);
        return (
          <div key={key} data-testid={`param-${key}`}>
            <div className="flex items-baseline justify-between gap-2">
              <Label htmlFor={id}>
                {humanize(key)}
                {required ? <span className="ml-0.5 text-red-500">*</span> : null}
              </Label>
              {bounds ? <span className="text-[10px] text-slate-400">{bounds}</span> : null}
            </div>
            {field.kind === 'number' ? (
              <NumberField id={id} value={value} integer={field.integer} nullable={field.nullable} unit={s.unit} onChange={set} />
            ) : field.kind === 'enum' ? (
              <Select aria-label={humanize(key)} value={value as string} options={field.options.map((o) => ({ value: o, label: o }))} onValueChange={set} />
            ) : field.kind === 'boolean' ? (
              <div className="flex h-8 items-center"><Switch id={id} checked={Boolean(value)} onCheckedChange={set} /></div>
            ) : field.kind === 'string' ? (
              <Input id={id} value={(value as string) ?? ''} onChange={(e) => set(e.target.value === '' && !required && s.default === undefined ? undefined : e.target.value)} />
            ) : field.kind === 'int-triple' ? (
              <TripleField id={id} value={value} unit={s.unit} onChange={set} />
            ) : field.kind === 'model-ref' ? (
              <ModelField id={id} value={value} models={models} onChange={set} />
            ) : field.kind === 'label-list' ? (
              <LabelListField value={value} onChange={set} />
            ) : (
              <JsonField id={id} value={value} onChange={set} />
            )}
            {problems.map((i, k) => (
              <p key={k} role="alert" data-testid={`param-issue-${key}`} className={`mt-1 text-xs ${i.severity === 'error' ? 'text-red-600' : 'text-amber-700'}`}>{i.message}</p>
            ))}
            {s.description ? <p className="mt-1 text-[11px] leading-snug text-slate-500">{s.description}</p> : null}
          </div>
        );
      })}
    </div>
  );
}
