'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { KeyRound } from 'lucide-react';
import { describeError } from '../../_lib/errors';
import { formatDate } from '../../_lib/format';
import { useTRPC } from '../../_lib/trpc';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card, CardDescription, CardHeader, CardTitle } from '../ui/card';
import { EmptyState, ErrorState, LoadingState } from '../ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';
import { toast } from '../ui/toast';
import { ConfirmDialog } from './confirm-dialog';
import { CreateKeyDialog } from './create-key-dialog';

/** One key's state for the table: revoked wins over expired. */
function keyState(k: { revokedAt: string | null; expiresAt: string | null }) {
  if (k.revokedAt) return <Badge tone="danger">revoked {formatDate(k.revokedAt)}</Badge>;
  if (k.expiresAt && new Date(k.expiresAt).getTime() <= Date.now()) return <Badge tone="warning">expired</Badge>;
  return <Badge tone="success">active</Badge>;
}

/** Integrator API keys: who holds which scopes, when they were last used; create and revoke. */
export function KeysCard() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const list = useQuery(trpc.keys.list.queryOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.keys.list.queryKey() });
  const revoke = useMutation(
    trpc.keys.revoke.mutationOptions({
      onSuccess: (k) => { void refresh(); toast({ tone: 'success', title: `Revoked ${k.name}`, description: `${k.prefix}… no longer authenticates` }); },
      onError: (e) => toast({ tone: 'error', title: 'Could not revoke the key', description: describeError(e).message }),
    }),
  );
  return (
    <Card data-testid="keys-card">
      <CardHeader>
        <div>
          <CardTitle>API keys</CardTitle>
          <CardDescription>For integrations (PACS routers, scripts): send as <code className="font-mono">Authorization: Bearer isk_…</code>. A key can only do what its scopes allow, in this workspace.</CardDescription>
        </div>
        <CreateKeyDialog onCreated={refresh} />
      </CardHeader>
      {list.isPending ? (
        <LoadingState label="Loading API keys…" />
      ) : list.isError ? (
        <div className="p-4"><ErrorState title="Could not load API keys" {...describeError(list.error)} /></div>
      ) : list.data.length === 0 ? (
        <div className="p-4"><EmptyState icon={<KeyRound className="h-5 w-5" />} title="No API keys yet" description="Create one for each integration, with only the scopes it needs." /></div>
      ) : (
        <Table>
          <THead>
            <TR><TH>Name</TH><TH>Prefix</TH><TH>Scopes</TH><TH>Created</TH><TH>Expires</TH><TH>Last used</TH><TH>State</TH><TH className="w-20" /></TR>
          </THead>
          <TBody>
            {list.data.map((k) => (
              <TR key={k.id} data-testid={`key-row-${k.name}`}>
                <TD className="font-medium text-slate-900">{k.name}</TD>
                <TD className="font-mono text-xs">{k.prefix}…</TD>
                <TD><div className="flex max-w-72 flex-wrap gap-1">{k.actions.map((a) => <Badge key={a} className="font-mono text-[11px]">{a}</Badge>)}</div></TD>
                <TD className="text-xs text-slate-500">{formatDate(k.createdAt)}</TD>
                <TD className="text-xs text-slate-500">{k.expiresAt ? formatDate(k.expiresAt) : 'never'}</TD>
                <TD className="text-xs text-slate-500">{k.lastUsedAt ? formatDate(k.lastUsedAt) : 'never'}</TD>
                <TD data-testid="key-state">{keyState(k)}</TD>
                <TD>
                  {k.revokedAt ? null : (
                    <ConfirmDialog
                      testId={`key-revoke-${k.name}`}
                      title={`Revoke “${k.name}”?`}
                      description={`Requests with ${k.prefix}… are refused from now on. This cannot be undone; create a new key to restore access.`}
                      confirmLabel="Revoke key"
                      onConfirm={() => revoke.mutate({ keyId: k.id })}
                      trigger={<Button size="sm" variant="ghost" className="text-red-700" data-testid={`key-revoke-${k.name}`} disabled={revoke.isPending}>Revoke</Button>}
                    />
                  )}
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </Card>
  );
}
