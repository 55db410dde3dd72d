'use client';
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { describeError } from '../../_lib/errors';
import { useTRPC } from '../../_lib/trpc';
import { Button } from '../../_components/ui/button';
import { Input, Label, Textarea } from '../../_components/ui/input';
import { toast } from '../../_components/ui/toast';

/** A starting point for a new rule: CT chest series, the first pipeline's active version, one DICOMweb destination. */
function template(pipelineId: string) {
  return {
    when: { type: 'all', of: [{ type: 'modality', anyOf: ['CT'] }, { type: 'seriesDescription', pattern: { syntax: 'glob', pattern: '*chest*' } }] },
    quietSeconds: 10,
    pipeline: { pipelineId },
    destinations: [{ kind: 'dicomweb', url: 'http://pacs.example:8042/dicom-web' }],
  };
}

/**
 * Create a rule, or edit one (a new version). The rule is JSON (conditions: modality, bodyPart,
 * seriesDescription, tag with equals/matches/lt/lte/gt/gte/present/absent, all/any/not groups);
 * the server answers with every issue in words. Header values shown as *** are kept as they were.
 */
export function RuleForm({ rule, onDone }: { rule?: { id: string; name: string; spec: unknown }; onDone: () => unknown }) {
  const trpc = useTRPC();
  const pipelines = useQuery(trpc.pipelines.list.queryOptions());
  const firstPipeline = pipelines.data?.find((p) => p.activeVersion)?.id ?? '<pipeline id>';
  const [name, setName] = useState(rule?.name ?? '');
  const [text, setText] = useState<string | null>(rule ? JSON.stringify(rule.spec, null, 2) : null);
  const shown = text ?? JSON.stringify(template(firstPipeline), null, 2);
  const opts = {
    onSuccess: () => void onDone(),
    onError: (e: unknown) => toast({ tone: 'error', title: rule ? 'Could not save the rule' : 'Could not create the rule', description: describeError(e).message }),
  };
  const create = useMutation(trpc.routing.create.mutationOptions(opts));
  const update = useMutation(trpc.routing.update.mutationOptions(opts));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    let spec: unknown;
    try {
      spec = JSON.parse(shown);
    } catch (err) {
      toast({ tone: 'error', title: 'The rule is not JSON', description: (err as Error).message });
      return;
    }
    if (rule) update.mutate({ id: rule.id, name: name.trim(), spec });
    else create.mutate({ name: name.trim(), spec });
  };
  return (
    <form onSubmit={submit} className="flex flex-col gap-3 p-4" data-testid="rule-form">
      <div>
        <Label htmlFor="rule-name">Name</Label>
        <Input id="rule-name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} placeholder="CT chest -> lung nodules -> PACS" />
      </div>
      <div>
        <Label htmlFor="rule-spec">Rule (JSON)</Label>
        <Textarea id="rule-spec" rows={14} className="font-mono text-xs" value={shown} onChange={(e) => setText(e.target.value)} data-testid="rule-spec" />
      </div>
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={create.isPending || update.isPending || !name.trim()} data-testid="rule-save">
          {rule ? 'Save as a new version' : 'Create rule'}
        </Button>
        <Button type="button" onClick={() => void onDone()}>Cancel</Button>
      </div>
    </form>
  );
}
