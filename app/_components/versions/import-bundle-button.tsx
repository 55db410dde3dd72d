'use client';
import { useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { useQueryClient } from '@tanstack/react-query';
import { Upload } from 'lucide-react';
import { useTRPC } from '../../_lib/trpc';
import { useCan } from '../../_lib/can';
import { Button } from '../ui/button';
import { toast } from '../ui/toast';

/** Pick a `.studio.zip` and POST it to /api/versions/import; opens the pipeline it landed in. */
export function ImportBundleButton() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const canImport = useCan('version.import');
  const upload = async (file: File) => {
    setBusy(true);
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      const res = await fetch('/api/versions/import', { method: 'POST', body: form });
      const body = await res.json();
      if (!res.ok) {
        const where = body.error?.details?.file ? ` (${body.error.details.file})` : '';
        toast({ tone: 'error', title: body.error?.code === 'BUNDLE_TAMPERED' ? 'Bundle refused: it was modified' : 'Import failed', description: `${body.error?.message ?? res.statusText}${where}` });
        return;
      }
      await qc.invalidateQueries({ queryKey: trpc.pipelines.pathKey() });
      toast({ tone: 'success', title: body.created ? `Imported v${body.semver}` : `v${body.semver} was already here`, description: `Content hash ${String(body.contentHash).slice(0, 12)}` });
      router.push(`/pipelines/${body.pipelineId}`);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };
  if (!canImport) return null;
  return (
    <>
      <input ref={input} type="file" accept=".zip,application/zip" className="hidden" data-testid="import-bundle-file" onChange={(e) => e.target.files?.[0] && void upload(e.target.files[0])} />
      <Button size="sm" disabled={busy} onClick={() => input.current?.click()} data-testid="import-bundle">
        <Upload className="h-3.5 w-3.5" /> {busy ? 'Importing…' : 'Import version'}
      </Button>
    </>
  );
}
