import { Download, FileImage, FileJson, FileArchive, File } from 'lucide-react';
import { formatBytes, shortHash } from '../../_lib/format';
import type { RunArtifact } from '../../_lib/types';
import { Button } from '../ui/button';

/** A stored output: the server serves it with the type and name recorded when it was written. */
export const blobUrl = (a: { sha256: string }) => `/api/blobs/${a.sha256}`;

const iconOf = (t: string) => (t.startsWith('image/') ? FileImage : t.includes('json') ? FileJson : t.includes('gzip') ? FileArchive : File);

/** Downloadable run outputs (content-addressed blobs). */
export function OutputsList({ artifacts }: { artifacts: RunArtifact[] }) {
  if (artifacts.length === 0) return <p className="text-xs text-slate-400">This run wrote no files.</p>;
  return (
    <ul className="divide-y divide-slate-100" data-testid="outputs">
      {artifacts.map((a) => {
        const Icon = iconOf(a.mediaType);
        return (
          <li key={`${a.nodeId}-${a.name}`} className="flex items-center gap-3 py-2">
            {a.mediaType === 'image/png' ? (
              <img src={blobUrl(a)} alt={a.name} className="h-10 w-10 shrink-0 rounded border border-slate-200 bg-black object-contain" />
            ) : (
              <Icon className="h-4 w-4 shrink-0 text-slate-400" />
            )}
            <div className="min-w-0 flex-1">
              <p className="truncate text-sm text-slate-800">{a.name}</p>
              <p className="font-mono text-[11px] text-slate-400">{a.nodeId} · {formatBytes(a.size)} · {shortHash(a.sha256)}</p>
            </div>
            <Button asChild size="sm" variant="secondary">
              <a href={blobUrl(a)} download={a.name} data-testid={`download-${a.name}`}><Download className="h-3.5 w-3.5" /> Download</a>
            </Button>
          </li>
        );
      })}
    </ul>
  );
}
