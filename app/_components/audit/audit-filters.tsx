'use client';
import { useState } from 'react';
import { AUDIT_ACTIONS, AUDIT_OBJECT_TYPES, type AuditAction, type AuditObjectType } from '../../../domain/audit/events';
import { Button } from '../ui/button';
import { Input, Label } from '../ui/input';
import { Select } from '../ui/select';
import { EMPTY_FILTER, type AuditFilterForm } from './filters';

/** Radix Select has no empty value: ANY stands for "no filter". */
const ANY = '__any';
const actionOptions = [{ value: ANY, label: 'Any action' }, ...AUDIT_ACTIONS.map((a) => ({ value: a, label: a }))];
const objectOptions = [{ value: ANY, label: 'Any object' }, ...AUDIT_OBJECT_TYPES.map((o) => ({ value: o, label: o }))];

/** Filter form: edits locally, applies on submit (one query per search, not per keystroke). */
export function AuditFilters({ value, onApply }: { value: AuditFilterForm; onApply: (f: AuditFilterForm) => void }) {
  const [draft, setDraft] = useState(value);
  const set = <K extends keyof AuditFilterForm>(k: K, v: AuditFilterForm[K]) => setDraft((d) => ({ ...d, [k]: v }));
  return (
    <form
      className="grid grid-cols-2 gap-3 md:grid-cols-3 lg:grid-cols-6"
      data-testid="audit-filters"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(draft);
      }}
    >
      <div>
        <Label htmlFor="audit-actor">Actor</Label>
        <Input id="audit-actor" placeholder="demo-admin, cli…" value={draft.actor} onChange={(e) => set('actor', e.target.value)} />
      </div>
      <div>
        <Label>Action</Label>
        <Select aria-label="Action" value={draft.action || ANY} options={actionOptions} onValueChange={(v) => set('action', v === ANY ? '' : (v as AuditAction))} />
      </div>
      <div>
        <Label>Object type</Label>
        <Select aria-label="Object type" value={draft.objectType || ANY} options={objectOptions} onValueChange={(v) => set('objectType', v === ANY ? '' : (v as AuditObjectType))} />
      </div>
      <div>
        <Label htmlFor="audit-object">Object id</Label>
        <Input id="audit-object" placeholder="run_…, pv_…, sha256" value={draft.objectId} onChange={(e) => set('objectId', e.target.value)} />
      </div>
      <div>
        <Label htmlFor="audit-from">From</Label>
        <Input id="audit-from" type="datetime-local" value={draft.from} onChange={(e) => set('from', e.target.value)} />
      </div>
      <div>
        <Label htmlFor="audit-to">To</Label>
        <Input id="audit-to" type="datetime-local" value={draft.to} onChange={(e) => set('to', e.target.value)} />
      </div>
      <div className="col-span-full flex gap-2">
        <Button type="submit" size="sm" variant="primary" data-testid="audit-apply">Apply filters</Button>
        <Button
          size="sm"
          variant="ghost"
          onClick={() => {
            setDraft(EMPTY_FILTER);
            onApply(EMPTY_FILTER);
          }}
        >
          Clear
        </Button>
      </div>
    </form>
  );
}
