'use client';
import { useRef, useState } from 'react';
import { FileArchive, FolderOpen } from 'lucide-react';
import { uploadFiles } from '../../_lib/upload';
import { Button } from '../ui/button';
import { Label, Textarea } from '../ui/input';
import { ErrorState } from '../ui/states';

/**
 * A new version from a .zip or a folder (webkitdirectory: relative paths are sent as file
 * names, which the pairing rules read), with an optional label mapping (JSON).
 */
export function DatasetUpload({ datasetId, onUploaded }: { datasetId: string; onUploaded: (versionId: string) => void }) {
  const zipInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const [mapping, setMapping] = useState('');
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<{ code?: string; message: string } | null>(null);

  const send = async (files: File[]) => {
    if (files.length === 0) return;
    setError(null);
    setProgress(0);
    try {
      const v = await uploadFiles<{ id: string }>(`/api/datasets/${encodeURIComponent(datasetId)}/versions`, files, setProgress, undefined, mapping.trim() ? { labelMapping: mapping } : {});
      onUploaded(v.id);
    } catch (e) {
      setError({ code: (e as { code?: string }).code, message: (e as Error).message });
    } finally {
      setProgress(null);
    }
  };

  return (
    <div className="space-y-2" data-testid="dataset-upload">
      <Label htmlFor="dataset-mapping">Label mapping (optional JSON; default: each value present as itself)</Label>
      <Textarea id="dataset-mapping" rows={2} className="font-mono text-xs" value={mapping} onChange={(e) => setMapping(e.target.value)} placeholder='{"entries":[{"reference":1,"label":1}],"names":{"1":"liver"}}' />
      <div className="flex items-center gap-2">
        <Button size="sm" onClick={() => zipInput.current?.click()} disabled={progress !== null}><FileArchive className="h-3.5 w-3.5" /> Upload zip</Button>
        <Button size="sm" onClick={() => folderInput.current?.click()} disabled={progress !== null}><FolderOpen className="h-3.5 w-3.5" /> Upload folder</Button>
        {progress !== null ? <span className="text-xs text-slate-500" role="status">Uploading {Math.round(progress * 100)}%{progress >= 1 ? ' (checking cases…)' : ''}</span> : null}
      </div>
      <input ref={zipInput} type="file" hidden accept=".zip,application/zip" data-testid="dataset-zip-input" onChange={(e) => e.target.files && void send([...e.target.files])} />
      {/* webkitdirectory is not in React's input props: set it as a plain attribute. */}
      <input ref={folderInput} type="file" hidden multiple data-testid="dataset-folder-input" {...{ webkitdirectory: '', directory: '' }} onChange={(e) => e.target.files && void send([...e.target.files])} />
      {error ? <ErrorState title="Version refused" code={error.code} message={error.message} /> : null}
    </div>
  );
}
