'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Gauge } from 'lucide-react';
import { useState } from 'react';
import { describeError } from '../../_lib/errors';
import { formatBytes, formatMs } from '../../_lib/format';
import { useTRPC } from '../../_lib/trpc';
import { Badge } from '../../_components/ui/badge';
import { Button } from '../../_components/ui/button';
import { Card, CardBody, CardDescription, CardHeader, CardTitle } from '../../_components/ui/card';
import { Select } from '../../_components/ui/select';
import { EmptyState, ErrorState, LoadingState } from '../../_components/ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../../_components/ui/table';
import { toast } from '../../_components/ui/toast';

type Kind = 'fp16' | 'int8-static' | 'int8-weights';
const KINDS: { value: Kind; label: string; hint: string }[] = [
  { value: 'int8-static', label: 'int8 (static QDQ)', hint: 'calibrated on a scan; fused int8 kernels' },
  { value: 'int8-weights', label: 'int8 weights only', hint: 'smaller file, float32 compute' },
  { value: 'fp16', label: 'fp16 storage', hint: 'half the weights, float32 compute' },
];

/** Create an fp16 / int8 variant of a registered model; the server measures it before it is listed. */
function CreateVariant() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const models = useQuery(trpc.models.list.queryOptions());
  const variants = useQuery(trpc.variants.list.queryOptions());
  const scans = useQuery(trpc.scans.list.queryOptions());
  const [source, setSource] = useState<string>();
  const [kind, setKind] = useState<Kind>('int8-static');
  const [calibration, setCalibration] = useState<string>();
  const [reference, setReference] = useState<string>();
  const [threshold, setThreshold] = useState('0.98');
  const create = useMutation(
    trpc.variants.create.mutationOptions({
      onSuccess: async (v) => {
        await qc.invalidateQueries({ queryKey: trpc.variants.pathKey() });
        await qc.invalidateQueries({ queryKey: trpc.models.pathKey() });
        const numbers = `x${v.report.speedup.toFixed(2)} vs fp32, min Dice ${Math.min(...v.report.dicePerLabel).toFixed(3)}`;
        if (v.status === 'rejected') toast({ tone: 'error', title: `Variant ${v.name} rejected`, description: `${v.report.gate?.reason ?? ''}; not registered (${numbers})` });
        else toast({ tone: 'success', title: `Variant ${v.name} registered`, description: numbers });
      },
    }),
  );
  const isVariant = new Set((variants.data ?? []).map((v) => v.sha256));
  const modelOptions = (models.data ?? []).filter((m) => !isVariant.has(m.sha256)).map((m) => ({ value: m.sha256, label: m.name, hint: formatBytes(m.sizeBytes) }));
  const scanOptions = (scans.data ?? []).map((s: { id: string; name: string }) => ({ value: s.id, label: s.name }));
  const needsCalibration = kind === 'int8-static';
  const diceThreshold = Number(threshold);
  const thresholdOk = threshold.trim() !== '' && diceThreshold >= 0.5 && diceThreshold <= 1;
  const ready = source && reference && (!needsCalibration || calibration) && thresholdOk;
  const err = create.isError ? describeError(create.error) : null;
  return (
    <div className="flex flex-col gap-3" data-testid="variant-create">
      <div className="grid gap-2 md:grid-cols-4">
        <Select aria-label="Model" value={source} onValueChange={setSource} options={modelOptions} placeholder="fp32 model…" />
        <Select aria-label="Kind" value={kind} onValueChange={(v) => setKind(v as Kind)} options={KINDS} />
        <Select aria-label="Calibration scan" value={calibration} onValueChange={setCalibration} options={scanOptions} placeholder={needsCalibration ? 'Calibration scan…' : 'Calibration (optional)…'} />
        <Select aria-label="Reference scan" value={reference} onValueChange={setReference} options={scanOptions} placeholder="Reference scan…" />
      </div>
      <div className="flex items-center gap-3">
        <Button variant="primary" size="sm" disabled={!ready || create.isPending} data-testid="variant-create-submit"
          onClick={() => create.mutate({ sourceSha256: source!, kind, referenceScanId: reference!, diceThreshold, ...(calibration ? { calibrationScanId: calibration } : {}) })}>
          <Gauge className="h-3.5 w-3.5" /> {create.isPending ? 'Optimising and measuring…' : 'Create variant'}
        </Button>
        <label className="flex items-center gap-1 text-xs text-slate-600">
          Min Dice per label
          <input aria-label="Minimum Dice per label" data-testid="variant-dice-threshold" className="w-16 rounded border border-slate-300 px-1 py-0.5 font-mono" type="number" min={0.5} max={1} step={0.005} value={threshold} onChange={(e) => setThreshold(e.target.value)} />
        </label>
        <span className="text-xs text-slate-500">Latency is measured on this server; Dice per label against the fp32 output on the reference scan. Below the minimum on any label, the variant is rejected and not registered.</span>
      </div>
      {err ? <ErrorState title="Variant refused" {...err} /> : null}
    </div>
  );
}

/** Accepted: registered and usable. Rejected (red): the labels whose Dice fell below the threshold. */
function VariantStatus({ status, gate }: { status: 'accepted' | 'rejected'; gate?: { reason: string | null; threshold: number } }) {
  if (status === 'accepted') return <Badge tone="success">Accepted</Badge>;
  return <span className="text-xs font-semibold text-red-700" data-testid="variant-rejected">Rejected: {gate?.reason ?? 'below the Dice threshold'}</span>;
}

/** The variants of registered models with their reports: size, latency vs fp32, Dice per label, verdict. */
export function VariantsPanel() {
  const trpc = useTRPC();
  const q = useQuery(trpc.variants.list.queryOptions());
  const models = useQuery(trpc.models.list.queryOptions());
  const nameOf = (sha: string) => models.data?.find((m) => m.sha256 === sha)?.name ?? sha.slice(0, 12);
  return (
    <div className="mx-auto max-w-6xl px-6 pb-10">
      <Card data-testid="variants">
        <CardHeader>
          <div>
            <CardTitle>Optimised variants</CardTitle>
            <CardDescription>fp16 and int8 copies of a model, measured before you choose one for a target.</CardDescription>
          </div>
        </CardHeader>
        <CardBody className="flex flex-col gap-4">
          <CreateVariant />
          {q.isPending ? <LoadingState label="Loading variants…" /> : q.isError ? <ErrorState title="Could not load variants" {...describeError(q.error)} /> : q.data.length === 0 ? (
            <EmptyState icon={<Gauge className="h-5 w-5" />} title="No variants yet" description="Pick an fp32 model, a kind and the scans to calibrate and grade it on." />
          ) : (
            <Table>
              <THead>
                <TR><TH>Variant</TH><TH>Status</TH><TH>Of</TH><TH>Kind</TH><TH>Size</TH><TH>Latency (fp32)</TH><TH>Speed-up</TH><TH>Dice per label</TH><TH>Label counts (fp32)</TH></TR>
              </THead>
              <TBody>
                {q.data.map((v) => (
                  <TR key={v.sha256} data-testid={`variant-${v.sha256.slice(0, 12)}`} data-status={v.status} className={v.status === 'rejected' ? 'bg-red-50 text-red-700' : undefined}>
                    <TD className="font-medium">{v.name}</TD>
                    <TD><VariantStatus status={v.status} gate={v.report.gate} /></TD>
                    <TD>{nameOf(v.sourceSha256)}</TD>
                    <TD><Badge tone="info">{v.kind}</Badge></TD>
                    <TD>{formatBytes(v.report.sizeBytes)} <span className="text-slate-400">/ {formatBytes(v.report.fp32SizeBytes)}</span></TD>
                    <TD>{formatMs(v.report.latencyMs)} <span className="text-slate-400">({formatMs(v.report.fp32LatencyMs)})</span></TD>
                    <TD>x{v.report.speedup.toFixed(2)} <span className="text-slate-400" title="process CPU time ratio">cpu x{(v.report.fp32CpuMs / v.report.cpuMs).toFixed(2)}</span></TD>
                    <TD className="font-mono text-xs">
                      {v.report.dicePerLabel.map((d, i) => <Badge key={i} tone={d >= (v.report.gate?.threshold ?? 0.98) ? 'success' : 'danger'}>{i}: {d.toFixed(3)}</Badge>)}
                    </TD>
                    <TD className="font-mono text-xs">{v.report.labelCounts.variant.join(' / ')} <span className="text-slate-400">({v.report.labelCounts.fp32.join(' / ')})</span></TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          )}
        </CardBody>
      </Card>
    </div>
  );
}
