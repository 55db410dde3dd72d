'use client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Boxes } from 'lucide-react';
import { useTRPC } from '../../_lib/trpc';
import { describeError } from '../../_lib/errors';
import { formatBytes, formatDate, formatShape, shortHash } from '../../_lib/format';
import type { ModelInfo } from '../../_lib/types';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card, CardBody, CardHeader, CardTitle, CardDescription } from '../ui/card';
import { EmptyState, ErrorState, LoadingState, PageHeader } from '../ui/states';
import { toast } from '../ui/toast';
import { ContractEditor } from './contract-editor';
import { ModelCardDialog } from '../cards/model-card-dialog';
import { ModelUpload } from './model-upload';

function TensorRows({ title, tensors }: { title: string; tensors: ModelInfo['signature']['inputs'] }) {
  return (
    <div>
      <h4 className="mb-1 text-[11px] font-semibold tracking-wide text-slate-500 uppercase">{title}</h4>
      <ul className="flex flex-col gap-1">
        {tensors.map((t) => (
          <li key={t.name} className="flex items-center justify-between gap-2 rounded bg-slate-50 px-2 py-1 font-mono text-xs">
            <span className="truncate text-slate-800">{t.name}</span>
            <span className="text-slate-500">{t.dtype} {formatShape(t.shape.map((d, i) => d ?? t.symbols?.[i]))}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Per runtime target: runs or not, with the operators that block it. */
function CompatList({ compat }: { compat: ModelInfo['compat'] }) {
  return (
    <div data-testid="model-compat">
      <h4 className="mb-1 text-[11px] font-semibold tracking-wide text-slate-500 uppercase">Runs on</h4>
      <ul className="flex flex-col gap-1">
        {compat.map((c) => (
          <li key={c.target} className="flex flex-col gap-0.5 rounded bg-slate-50 px-2 py-1 text-xs">
            <span className="flex items-center justify-between gap-2">
              <span className="font-mono text-slate-800">{c.target}</span>
              <Badge tone={c.supported ? 'success' : 'danger'}>{c.supported ? 'supported' : 'not supported'}</Badge>
            </span>
            {c.offending.map((o) => <span key={o.operator} className="text-rose-700">{o.reason}</span>)}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** What the model's metadata says it expects (pinned with its sha256; the validator warns when a graph does not meet it). */
function ContractRows({ contract: c, edited }: { contract: NonNullable<ModelInfo['signature']['contract']>; edited: boolean }) {
  const rows: [string, string][] = [
    ['Intended use', c.intendedUse ?? ''],
    ['Orientation', c.orientation ?? ''],
    ['Grid', c.shape ? `${c.shape.join(' x ')}${c.spacingMm ? ` at ${c.spacingMm} mm` : ''}` : ''],
    ['Modality', c.modality?.join(', ') ?? ''],
    ['Preprocessing', c.preprocessing ?? ''],
    ['Input axes', c.inputAxes ?? ''],
    ['Labels', c.labels?.map((l) => l.name).join(', ') ?? ''],
  ];
  return (
    <div data-testid="model-contract">
      <h4 className="mb-1 text-[11px] font-semibold tracking-wide text-slate-500 uppercase">Input contract ({edited ? 'edited in this workspace' : 'from the model file'})</h4>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
        {rows.filter(([, v]) => v).map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-slate-500">{k}</dt>
            <dd className="break-words text-slate-700">{v}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** Registered ONNX models with the signature read from each file (names, shapes, opset, operators). */
export function ModelsPage() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const q = useQuery(trpc.models.list.queryOptions());
  return (
    <div className="mx-auto max-w-6xl px-6 py-8">
      <PageHeader
        title="Models"
        description="ONNX models referenced by content hash; inputs and outputs are read from the file itself."
        actions={<ModelUpload onUploaded={async (sha) => { await qc.invalidateQueries({ queryKey: trpc.models.list.queryKey() }); toast({ tone: 'success', title: 'Model registered', description: sha.slice(0, 16) }); }} />}
      />
      {q.isPending ? (
        <LoadingState label="Loading models…" />
      ) : q.isError ? (
        <ErrorState title="Could not load models" {...describeError(q.error)} action={<Button size="sm" onClick={() => q.refetch()}>Retry</Button>} />
      ) : q.data.length === 0 ? (
        <EmptyState icon={<Boxes className="h-5 w-5" />} title="No models registered" description="Upload an .onnx file; its signature is read from the graph." />
      ) : (
        <div className="grid gap-4 md:grid-cols-2" data-testid="models">
          {q.data.map((m) => (
            <Card key={m.sha256} data-testid={`model-${m.sha256.slice(0, 12)}`}>
              <CardHeader>
                <div className="min-w-0">
                  <CardTitle className="truncate">{m.name}</CardTitle>
                  <CardDescription className="font-mono" title={m.sha256}>{shortHash(m.sha256, 16)} · {formatBytes(m.sizeBytes)} · {formatDate(m.createdAt)}</CardDescription>
                </div>
                <div className="flex flex-wrap justify-end gap-1">
                  {Object.entries(m.signature.opsets).map(([domain, v]) => <Badge key={domain} tone="info">{domain || 'ai.onnx'} opset {v}</Badge>)}
                </div>
              </CardHeader>
              <CardBody className="flex flex-col gap-3">
                <TensorRows title="Inputs" tensors={m.signature.inputs} />
                <TensorRows title="Outputs" tensors={m.signature.outputs} />
                <div>
                  <h4 className="mb-1 text-[11px] font-semibold tracking-wide text-slate-500 uppercase">Operators ({m.signature.operators.length})</h4>
                  <div className="flex flex-wrap gap-1">{m.signature.operators.map((op) => <Badge key={op}>{op}</Badge>)}</div>
                </div>
                {m.signature.contract && <ContractRows contract={m.signature.contract} edited={m.contractEdited} />}
                <div className="flex flex-wrap gap-2"><ModelCardDialog sha256={m.sha256} name={m.name} /></div>
                <ContractEditor model={m} />
                <CompatList compat={m.compat} />
                <p className="text-[11px] text-slate-400">IR v{m.signature.irVersion}{m.signature.producer ? ` · produced by ${m.signature.producer}` : ''} · file {m.fileName}</p>
              </CardBody>
            </Card>
          ))}
        </div>
      )}
    </div>
  );
}
