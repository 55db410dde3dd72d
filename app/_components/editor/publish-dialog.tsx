'use client';
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Rocket } from 'lucide-react';
import { useTRPC } from '../../_lib/trpc';
import { useCan } from '../../_lib/can';
import { describeError } from '../../_lib/errors';
import { useEditor } from '../../_lib/editor-store';
import { Button } from '../ui/button';
import { cn } from '../ui/cn';
import { Dialog, DialogContent, DialogTrigger } from '../ui/dialog';
import { Label, Textarea } from '../ui/input';
import { Switch } from '../ui/switch';
import { ErrorState } from '../ui/states';
import { toast } from '../ui/toast';
import { IssueList } from './issue-list';

type Bump = 'major' | 'minor' | 'patch';
type Target = 'server-cpu' | 'browser-wasm' | 'browser-webgpu' | 'edge-node';
const targetOptions: { value: Target; label: string }[] = [
  { value: 'server-cpu', label: 'Server (CPU)' },
  { value: 'browser-wasm', label: 'Browser (wasm)' },
  { value: 'browser-webgpu', label: 'Browser (WebGPU)' },
  { value: 'edge-node', label: 'Edge bundle' },
];
const bumps: { value: Bump; label: string; hint: string }[] = [
  { value: 'patch', label: 'Patch', hint: 'fixes, same behaviour' },
  { value: 'minor', label: 'Minor', hint: 'compatible change' },
  { value: 'major', label: 'Major', hint: 'results change' },
];

/** Saves the draft, then publishes it as an immutable version (server refuses invalid or unchanged graphs). */
export function PublishDialog({ pipelineId, latest, onSave }: { pipelineId: string; latest?: string; onSave: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [bump, setBump] = useState<Bump>('minor');
  const [notes, setNotes] = useState('');
  const [targets, setTargets] = useState<Target[]>(['server-cpu']);
  const errors = useEditor((s) => s.issues.filter((i) => i.severity === 'error').length);
  const publish = useMutation(
    trpc.versions.publish.mutationOptions({
      onSuccess: async (v) => {
        await qc.invalidateQueries({ queryKey: trpc.pipelines.pathKey() });
        setOpen(false);
        setNotes('');
        const gated = v.gate?.state === 'evaluating' ? '; evaluating against the acceptance criteria before it becomes active' : '';
        toast({ tone: 'success', title: `Published v${v.semver}`, description: `Content hash ${v.contentHash.slice(0, 12)}${gated}` });
      },
    }),
  );
  const err = publish.isError ? describeError(publish.error) : null;
  const canPublish = useCan('version.publish');
  const submit = async () => {
    await onSave();
    publish.mutate({ pipelineId, bump, notes, targets });
  };
  if (!canPublish) return null;
  return (
    <Dialog open={open} onOpenChange={(o) => { setOpen(o); if (o) publish.reset(); }}>
      <DialogTrigger asChild>
        <Button variant="primary" size="sm" data-testid="publish-open"><Rocket className="h-3.5 w-3.5" /> Publish</Button>
      </DialogTrigger>
      <DialogContent title="Publish version" description={`Versions are immutable. Latest: ${latest ? `v${latest}` : 'none yet'}.`}>
        <div className="flex flex-col gap-4">
          <div>
            <Label>Version bump</Label>
            <div className="grid grid-cols-3 gap-2" role="radiogroup">
              {bumps.map((b) => (
                <button
                  key={b.value}
                  type="button"
                  role="radio"
                  aria-checked={bump === b.value}
                  data-testid={`publish-bump-${b.value}`}
                  onClick={() => setBump(b.value)}
                  className={cn('rounded-md border px-3 py-2 text-left', bump === b.value ? 'border-brand-600 bg-brand-50 ring-2 ring-brand-100' : 'border-slate-200 hover:bg-slate-50')}
                >
                  <span className="block text-sm font-medium text-slate-900">{b.label}</span>
                  <span className="block text-[11px] text-slate-500">{b.hint}</span>
                </button>
              ))}
            </div>
          </div>
          <div>
            <Label>Must run on</Label>
            <div className="grid grid-cols-2 gap-2">
              {targetOptions.map((t) => (
                <label key={t.value} className="flex items-center justify-between rounded-md border border-slate-200 px-3 py-2 text-sm text-slate-700">
                  {t.label}
                  <Switch
                    id={`publish-target-${t.value}`}
                    checked={targets.includes(t.value)}
                    onCheckedChange={(on) => setTargets((cur) => (on ? [...cur, t.value] : cur.length > 1 ? cur.filter((x) => x !== t.value) : cur))}
                  />
                </label>
              ))}
            </div>
          </div>
          <div>
            <Label htmlFor="pub-notes">Release notes</Label>
            <Textarea id="pub-notes" data-testid="publish-notes" value={notes} onChange={(e) => setNotes(e.target.value)} placeholder="What changed and why" />
          </div>
          {errors > 0 && !err ? (
            <p className="rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-800">The draft has {errors} error{errors === 1 ? '' : 's'}; publishing will be refused until they are fixed.</p>
          ) : null}
          {err ? (
            <ErrorState
              title={err.code === 'VERSION_EXISTS' ? 'Nothing new to publish' : err.code === 'PIPELINE_INVALID' ? 'The pipeline has errors' : err.code === 'TARGET_UNSUPPORTED' ? 'Not runnable on a chosen target' : 'Publish failed'}
              code={err.code}
              message={err.message}
            />
          ) : null}
          {err?.issues?.length ? <div className="max-h-48 overflow-y-auto rounded-md border border-slate-200 p-2"><IssueList issues={err.issues} /></div> : null}
          <div className="flex justify-end gap-2">
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <Button variant="primary" onClick={submit} disabled={publish.isPending} data-testid="publish-confirm">
              {publish.isPending ? 'Publishing…' : `Publish ${bump}`}
            </Button>
          </div>
        </div>
      </DialogContent>
    </Dialog>
  );
}
