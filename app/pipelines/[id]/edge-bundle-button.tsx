'use client';
import { useState } from 'react';
import { ArchiveArrowDown, LoaderCircle } from 'lucide-react';
import { Button } from '../../_components/ui/button';
import { toast } from '../../_components/ui/toast';

/** The file name from `content-disposition: attachment; filename="..."`. */
function fileNameOf(res: Response, fallback: string): string {
  return /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallback;
}

/**
 * "Download edge bundle" for one published version: GET /api/versions/<id>/edge-bundle (the
 * bundle `studio export --target edge` writes). A refusal (TARGET_UNSUPPORTED: the version's
 * models cannot run on the edge target) is shown as a toast with the server's message.
 */
export function EdgeBundleButton({ versionId, semver }: { versionId: string; semver: string }) {
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const res = await fetch(`/api/versions/${encodeURIComponent(versionId)}/edge-bundle`);
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
        throw new Error(body?.error?.message ?? `the server answered ${res.status}`);
      }
      const a = document.createElement('a');
      a.href = URL.createObjectURL(await res.blob());
      a.download = fileNameOf(res, `edge-bundle-v${semver}.zip`);
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 0);
    } catch (e) {
      toast({ tone: 'error', title: `No edge bundle for v${semver}`, description: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button size="sm" variant="ghost" aria-label={`Download edge bundle of v${semver}`} title="Download edge bundle" data-testid={`edge-bundle-${semver}`} disabled={busy} onClick={download}>
      {busy ? <LoaderCircle className="h-3.5 w-3.5 animate-spin" /> : <ArchiveArrowDown className="h-3.5 w-3.5" />} Edge bundle
    </Button>
  );
}
