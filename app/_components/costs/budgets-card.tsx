'use client';
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCan } from '../../_lib/can';
import { describeError } from '../../_lib/errors';
import { useTRPC } from '../../_lib/trpc';
import { Button } from '../ui/button';
import { Card, CardBody, CardDescription, CardHeader, CardTitle } from '../ui/card';
import { Input, Label } from '../ui/input';
import { PersonName, personText } from '../ui/person';
import { Select } from '../ui/select';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';
import { toast } from '../ui/toast';
import { money } from './money';

/** Select value of the workspace budget (Radix refuses an empty value). */
const WORKSPACE = '*';

/** Monthly budgets of the workspace (and per member), this month's spending, alerts; admins edit. */
export function BudgetsCard() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const canManage = useCan('budget.manage');
  const q = useQuery(trpc.costs.budgets.queryOptions());
  const members = useQuery({ ...trpc.members.list.queryOptions(), enabled: canManage });
  const [scope, setScope] = useState(WORKSPACE);
  const [limit, setLimit] = useState('');
  const save = useMutation(
    trpc.costs.setBudget.mutationOptions({
      onSuccess: (r) => {
        void qc.invalidateQueries({ queryKey: trpc.costs.budgets.queryKey() });
        if (r.alertsFired.length) toast({ tone: 'error', title: 'Budget alert', description: `This month's spending already reached ${r.alertsFired.join(', ')}% of the new limit.` });
      },
    }),
  );
  const options = [{ value: WORKSPACE, label: 'Whole workspace' }, ...(members.data ?? []).map((m) => ({ value: m.userId, label: personText(m, m.userId), hint: m.role }))];
  return (
    <Card data-testid="budgets">
      <CardHeader><div><CardTitle>Budgets (this month)</CardTitle><CardDescription>A run whose estimate would exceed a budget is refused before it starts; alerts at 70, 90 and 100%.</CardDescription></div></CardHeader>
      <CardBody className="flex flex-col gap-4">
        <Table>
          <THead><TR><TH>Scope</TH><TH className="text-right">Limit</TH><TH className="text-right">Spent</TH><TH className="text-right">Reserved</TH><TH className="text-right">Used</TH></TR></THead>
          <TBody>
            {(q.data?.budgets ?? []).map((b) => (
              <TR key={b.userId ?? '*'}>
                <TD>{b.userId ? <PersonName person={b.person} fallback={b.userId} /> : 'Whole workspace'}</TD>
                <TD className="text-right tabular-nums">{money(b.monthlyLimitNano)}</TD>
                <TD className="text-right tabular-nums">{money(b.spentNano)}</TD>
                <TD className="text-right tabular-nums">{money(b.reservedNano)}</TD>
                <TD className="text-right tabular-nums">{b.monthlyLimitNano ? `${((100 * b.spentNano) / b.monthlyLimitNano).toFixed(0)}%` : '—'}</TD>
              </TR>
            ))}
            {q.data && q.data.budgets.length === 0 ? <TR><TD colSpan={5} className="text-center text-xs text-slate-400">No budget set: runs are not limited</TD></TR> : null}
          </TBody>
        </Table>
        {canManage ? (
          <form
            className="flex flex-wrap items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate({ userId: scope === WORKSPACE ? '' : scope, monthlyLimit: limit.trim() === '' ? null : Number(limit) });
            }}
          >
            <div className="w-72"><Label>Budget of</Label><Select aria-label="Budget of" value={scope} options={options} onValueChange={setScope} data-testid="budget-member" /></div>
            <div><Label>Monthly limit (USD, empty removes)</Label><Input value={limit} inputMode="decimal" onChange={(e) => setLimit(e.target.value)} data-testid="budget-limit" /></div>
            <Button type="submit" size="sm" disabled={save.isPending} data-testid="budget-save">Set budget</Button>
            {save.isError ? <span className="text-xs text-red-600">{describeError(save.error).message}</span> : null}
          </form>
        ) : null}
        <div data-testid="budget-alerts">
          <h3 className="mb-1 text-sm font-semibold text-slate-800">Alerts</h3>
          {(q.data?.alerts ?? []).length === 0 ? (
            <p className="text-xs text-slate-400">No alert fired in the last two months.</p>
          ) : (
            <ul className="text-sm">
              {q.data!.alerts.map((a) => (
                <li key={`${a.userId}-${a.month}-${a.threshold}`}>
                  {a.month}: {a.userId ? <PersonName person={a.person} fallback={a.userId} /> : 'the workspace'} reached <b>{a.threshold}%</b> ({money(a.spentNano)} of {money(a.limitNano)}) on {a.at.slice(0, 10)}
                </li>
              ))}
            </ul>
          )}
        </div>
      </CardBody>
    </Card>
  );
}
