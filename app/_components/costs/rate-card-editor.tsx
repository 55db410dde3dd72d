'use client';
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCan } from '../../_lib/can';
import { describeError } from '../../_lib/errors';
import { useTRPC } from '../../_lib/trpc';
import { Button } from '../ui/button';
import { Card, CardBody, CardDescription, CardHeader, CardTitle } from '../ui/card';
import { Input, Label } from '../ui/input';

const FIELDS = [
  ['cpuSecond', 'per CPU-second'],
  ['gbSecond', 'per GB-second of memory'],
  ['gbMonth', 'per GB-month stored'],
  ['gbDownloaded', 'per GB downloaded'],
] as const;
type Key = (typeof FIELDS)[number][0];

/** The workspace's rate card in force and its versions; admins add a version to their workspace only (runs already started keep theirs). */
export function RateCardEditor() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const q = useQuery(trpc.costs.rateCard.queryOptions());
  const [draft, setDraft] = useState<Partial<Record<Key, string>>>({});
  const save = useMutation(
    trpc.costs.setRateCard.mutationOptions({
      onSuccess: () => {
        setDraft({});
        void qc.invalidateQueries({ queryKey: trpc.costs.rateCard.queryKey() });
      },
    }),
  );
  const current = q.data?.current;
  const canManage = useCan('ratecard.manage');
  return (
    <Card data-testid="rate-card">
      <CardHeader><div><CardTitle>Rate card {current ? `v${current.version} (${current.currency})` : ''}</CardTitle><CardDescription>This workspace's card{current?.isDefault ? ' (the default card, until an admin publishes one here)' : ''}. Versioned: each run is priced with the card in force when it started.</CardDescription></div></CardHeader>
      <CardBody>
        {!canManage ? (
          <dl className="grid grid-cols-2 gap-3 text-sm md:grid-cols-4" data-testid="rate-card-read-only">
            {FIELDS.map(([k, label]) => (
              <div key={k}><dt className="text-xs text-slate-500">{label}</dt><dd className="tabular-nums">{current ? `${current.rates[k]} ${current.currency}` : '—'}</dd></div>
            ))}
          </dl>
        ) : (
          <form
            className="grid grid-cols-2 gap-3 md:grid-cols-4"
            onSubmit={(e) => {
              e.preventDefault();
              if (!current) return;
              const rates = Object.fromEntries(FIELDS.map(([k]) => [k, draft[k] !== undefined ? Number(draft[k]) : current.rates[k]])) as Record<Key, number>;
              save.mutate({ rates, currency: current.currency });
            }}
          >
            {FIELDS.map(([k, label]) => (
              <div key={k}>
                <Label>{label}</Label>
                <Input data-testid={`rate-${k}`} inputMode="decimal" value={draft[k] ?? (current ? String(current.rates[k]) : '')} onChange={(e) => setDraft((d) => ({ ...d, [k]: e.target.value }))} />
              </div>
            ))}
            <div className="col-span-full flex items-center gap-2">
              <Button type="submit" size="sm" disabled={!current || save.isPending || Object.keys(draft).length === 0} data-testid="rate-save">Publish new version</Button>
              {save.isError ? <span className="text-xs text-red-600">{describeError(save.error).message}</span> : null}
              <span className="ml-auto text-xs text-slate-400">{q.data ? `${q.data.versions.length} version(s)` : ''}</span>
            </div>
          </form>
        )}
      </CardBody>
    </Card>
  );
}
