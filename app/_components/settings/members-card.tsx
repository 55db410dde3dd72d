'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { UserMinus } from 'lucide-react';
import { ROLES, type Role } from '../../../domain/auth/permissions';
import { describeError } from '../../_lib/errors';
import { formatDate } from '../../_lib/format';
import { useTRPC } from '../../_lib/trpc';
import { Button } from '../ui/button';
import { Card, CardDescription, CardHeader, CardTitle } from '../ui/card';
import { Select } from '../ui/select';
import { ErrorState, LoadingState } from '../ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';
import { toast } from '../ui/toast';
import { AddMemberDialog } from './add-member-dialog';
import { ConfirmDialog } from './confirm-dialog';

const roleOptions = ROLES.map((r) => ({ value: r, label: r }));
const fail = (title: string) => (e: unknown) => toast({ tone: 'error', title, description: describeError(e).message });

/** Who belongs to the workspace and with which role; admins change roles or remove people. */
export function MembersCard({ selfId }: { selfId?: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const list = useQuery(trpc.members.list.queryOptions());
  const refresh = () => Promise.all([qc.invalidateQueries({ queryKey: trpc.members.list.queryKey() }), qc.invalidateQueries({ queryKey: trpc.account.me.queryKey() })]);
  const setRole = useMutation(trpc.members.setRole.mutationOptions({ onSuccess: refresh, onError: fail('Could not change the role') }));
  const remove = useMutation(
    trpc.members.remove.mutationOptions({
      onSuccess: () => { void refresh(); toast({ tone: 'success', title: 'Member removed' }); },
      onError: fail('Could not remove the member'),
    }),
  );
  return (
    <Card data-testid="members-card">
      <CardHeader>
        <div>
          <CardTitle>Members</CardTitle>
          <CardDescription>Clinicians run published versions; engineers build and publish; admins also manage people, keys, budgets and read the audit log.</CardDescription>
        </div>
        <AddMemberDialog onAdded={refresh} />
      </CardHeader>
      {list.isPending ? (
        <LoadingState label="Loading members…" />
      ) : list.isError ? (
        <div className="p-4"><ErrorState title="Could not load members" {...describeError(list.error)} /></div>
      ) : (
        <Table>
          <THead>
            <TR><TH>Email</TH><TH>Name</TH><TH className="w-40">Role</TH><TH>Since</TH><TH className="w-12" /></TR>
          </THead>
          <TBody>
            {list.data.map((m) => (
              <TR key={m.userId} data-testid={`member-row-${m.email}`}>
                <TD className="font-medium text-slate-900">{m.email}{m.userId === selfId ? <span className="ml-2 text-xs font-normal text-slate-400">(you)</span> : null}</TD>
                <TD>{m.name}</TD>
                <TD>
                  <Select
                    value={m.role}
                    options={roleOptions}
                    disabled={setRole.isPending}
                    aria-label={`Role of ${m.email}`}
                    data-testid={`member-role-${m.email}`}
                    onValueChange={(role) => role !== m.role && setRole.mutate({ userId: m.userId, role: role as Role })}
                  />
                </TD>
                <TD className="text-xs text-slate-500">{formatDate(m.since)}</TD>
                <TD>
                  <ConfirmDialog
                    testId={`member-remove-${m.email}`}
                    title={`Remove ${m.email}?`}
                    description="They lose access to this workspace at once. Their account, runs and audit history stay."
                    confirmLabel="Remove"
                    onConfirm={() => remove.mutate({ userId: m.userId })}
                    trigger={<Button size="icon" variant="ghost" aria-label={`Remove ${m.email}`} data-testid={`member-remove-${m.email}`} disabled={remove.isPending}><UserMinus className="h-4 w-4 text-slate-500" /></Button>}
                  />
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </Card>
  );
}
