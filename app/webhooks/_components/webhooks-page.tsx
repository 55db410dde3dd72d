'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Webhook } from 'lucide-react';
import { useMe } from '../../_lib/can';
import { describeError } from '../../_lib/errors';
import { formatDate } from '../../_lib/format';
import { useTRPC } from '../../_lib/trpc';
import { Badge } from '../../_components/ui/badge';
import { Button } from '../../_components/ui/button';
import { Card, CardDescription, CardHeader, CardTitle } from '../../_components/ui/card';
import { EmptyState, ErrorState, LoadingState, PageHeader } from '../../_components/ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../../_components/ui/table';
import { toast } from '../../_components/ui/toast';
import { NotAllowed } from '../../_components/ui/not-allowed';
import { CreateWebhook } from './create-webhook';
import { DeliveryLog } from './delivery-log';

/** Admins: the workspace's run-end webhooks and the log of every delivery attempt. */
export function WebhooksPage() {
  const me = useMe();
  const allowed = !!me.data?.allowed.includes('webhook.manage');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const list = useQuery({ ...trpc.webhooks.list.queryOptions(), enabled: allowed });
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey() });
  const remove = useMutation(
    trpc.webhooks.delete.mutationOptions({
      onSuccess: () => void refresh(),
      onError: (e) => toast({ tone: 'error', title: 'Could not delete the webhook', description: describeError(e).message }),
    }),
  );
  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-6 px-6 py-8">
      <PageHeader title="Webhooks" description="POSTed to your receiver when a run finishes, fails or is cancelled; signed with HMAC-SHA256 and retried with backoff." />
      {me.isPending ? (
        <LoadingState />
      ) : !allowed ? (
        <NotAllowed what="manage webhooks" />
      ) : (
        <>
          <Card data-testid="webhooks-card">
            <CardHeader>
              <div>
                <CardTitle>Receivers</CardTitle>
                <CardDescription>Headers: x-studio-signature, x-studio-timestamp, x-studio-delivery (de-duplicate on it), x-studio-event.</CardDescription>
              </div>
            </CardHeader>
            <CreateWebhook onCreated={refresh} />
            {list.isPending ? (
              <LoadingState label="Loading webhooks…" />
            ) : list.isError ? (
              <div className="p-4"><ErrorState title="Could not load webhooks" {...describeError(list.error)} /></div>
            ) : list.data.length === 0 ? (
              <div className="p-4"><EmptyState icon={<Webhook className="h-5 w-5" />} title="No webhooks yet" description="Add a receiver URL above." /></div>
            ) : (
              <Table>
                <THead><TR><TH>URL</TH><TH>Events</TH><TH>Secret</TH><TH>Created</TH><TH>State</TH><TH className="w-20" /></TR></THead>
                <TBody>
                  {list.data.map((w) => (
                    <TR key={w.id} data-testid={`webhook-row-${w.id}`}>
                      <TD className="max-w-80 truncate font-mono text-xs">{w.url}</TD>
                      <TD><div className="flex flex-wrap gap-1">{w.events.map((e) => <Badge key={e} className="font-mono text-[11px]">{e}</Badge>)}</div></TD>
                      <TD className="font-mono text-xs">{w.secretPrefix}…</TD>
                      <TD className="text-xs text-slate-500">{formatDate(w.createdAt)}</TD>
                      <TD>{w.disabledAt ? <Badge tone="danger">deleted</Badge> : <Badge tone="success">active</Badge>}</TD>
                      <TD>{w.disabledAt ? null : <Button size="sm" variant="ghost" className="text-red-700" disabled={remove.isPending} onClick={() => remove.mutate({ id: w.id })}>Delete</Button>}</TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            )}
          </Card>
          <DeliveryLog />
        </>
      )}
    </div>
  );
}
