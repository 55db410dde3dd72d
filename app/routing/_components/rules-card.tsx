'use client';
import { Fragment, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Plus, Route } from 'lucide-react';
import { useCan } from '../../_lib/can';
import { describeError } from '../../_lib/errors';
import { formatDate } from '../../_lib/format';
import { useTRPC } from '../../_lib/trpc';
import { Badge } from '../../_components/ui/badge';
import { Button } from '../../_components/ui/button';
import { Card, CardDescription, CardHeader, CardTitle } from '../../_components/ui/card';
import { EmptyState, ErrorState, LoadingState } from '../../_components/ui/states';
import { Switch } from '../../_components/ui/switch';
import { Table, TBody, TD, TH, THead, TR } from '../../_components/ui/table';
import { toast } from '../../_components/ui/toast';
import { RuleForm } from './rule-form';

type Rule = { id: string; name: string; enabled: boolean; version: number; spec: { quietSeconds: number; pipeline: { pipelineId: string; versionId?: string }; destinations: unknown[] }; createdAt: string };

function Versions({ ruleId }: { ruleId: string }) {
  const trpc = useTRPC();
  const versions = useQuery(trpc.routing.versions.queryOptions({ ruleId }));
  if (versions.isPending) return <LoadingState label="Loading versions…" />;
  if (versions.isError) return <ErrorState title="Could not load the versions" {...describeError(versions.error)} />;
  return (
    <ul className="flex flex-col gap-2 text-xs" data-testid={`rule-versions-${ruleId}`}>
      {versions.data.map((v) => (
        <li key={v.id}>
          <span className="font-medium">v{v.version}</span> {v.current ? <Badge tone="brand">current</Badge> : null} · {formatDate(v.createdAt)} · {v.createdBy}
          <pre className="mt-1 max-h-48 overflow-auto rounded bg-slate-50 p-2 font-mono text-[11px]">{JSON.stringify(v.spec, null, 2)}</pre>
        </li>
      ))}
    </ul>
  );
}

/** The workspace's rules: enable/disable, edit (a new version), and every version as it was. */
export function RulesCard() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const canEdit = useCan('routing.manage');
  const rules = useQuery(trpc.routing.rules.queryOptions());
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.routing.rules.queryKey() }).then(() => qc.invalidateQueries({ queryKey: trpc.routing.versions.queryKey() }));
  const toggle = useMutation(
    trpc.routing.setEnabled.mutationOptions({ onSuccess: () => void refresh(), onError: (e) => toast({ tone: 'error', title: 'Could not change the rule', description: describeError(e).message }) }),
  );
  const done = () => {
    setEditing(null);
    return refresh();
  };
  return (
    <Card data-testid="routing-rules">
      <CardHeader>
        <div>
          <CardTitle>Rules</CardTitle>
          <CardDescription>When a received series matches and no instance has arrived for the quiet period, the pipeline runs once; its DICOM outputs go to the destinations.</CardDescription>
        </div>
        {canEdit && editing === null ? <Button size="sm" variant="primary" onClick={() => setEditing('new')} data-testid="rule-new"><Plus className="h-3.5 w-3.5" /> New rule</Button> : null}
      </CardHeader>
      {editing !== null ? <RuleForm key={editing === 'new' ? 'new' : editing.id} rule={editing === 'new' ? undefined : editing} onDone={done} /> : null}
      {rules.isPending ? (
        <LoadingState label="Loading rules…" />
      ) : rules.isError ? (
        <div className="p-4"><ErrorState title="Could not load rules" {...describeError(rules.error)} /></div>
      ) : rules.data.length === 0 ? (
        <div className="p-4"><EmptyState icon={<Route className="h-5 w-5" />} title="No routing rules yet" description={canEdit ? 'Add one above.' : 'Engineers and admins add them.'} /></div>
      ) : (
        <Table>
          <THead><TR><TH>Name</TH><TH>Version</TH><TH>Pipeline</TH><TH>Quiet</TH><TH>Destinations</TH><TH>Enabled</TH><TH className="w-40" /></TR></THead>
          <TBody>
            {rules.data.map((r) => (
              <Fragment key={r.id}>
                <TR data-testid={`rule-row-${r.id}`}>
                  <TD className="font-medium">{r.name}</TD>
                  <TD><button className="text-brand-700 underline" onClick={() => setOpen(open === r.id ? null : r.id)}>v{r.version}</button></TD>
                  <TD className="text-xs"><span title={r.spec.pipeline.pipelineId}>{r.pipelineName ?? r.spec.pipeline.pipelineId}</span> <span className="text-slate-500">{r.spec.pipeline.versionId ? `pinned ${r.spec.pipeline.versionId}` : 'active version'}</span></TD>
                  <TD className="text-xs">{r.spec.quietSeconds} s</TD>
                  <TD className="text-xs">{r.spec.destinations.length}</TD>
                  <TD>{canEdit ? <Switch checked={r.enabled} onCheckedChange={(enabled) => toggle.mutate({ id: r.id, enabled })} /> : <Badge tone={r.enabled ? 'success' : 'neutral'}>{r.enabled ? 'on' : 'off'}</Badge>}</TD>
                  <TD>{canEdit ? <Button size="sm" variant="ghost" onClick={() => setEditing(r as Rule)}>Edit</Button> : null}</TD>
                </TR>
                {open === r.id ? <TR><TD colSpan={7}><Versions ruleId={r.id} /></TD></TR> : null}
              </Fragment>
            ))}
          </TBody>
        </Table>
      )}
    </Card>
  );
}
