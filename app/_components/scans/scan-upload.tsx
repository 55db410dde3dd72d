'use client';
import { useRef, useState } from 'react';
import { FolderOpen, Upload, FileUp } from 'lucide-react';
import { filesFromDrop, isScanFile, uploadFiles } from '../../_lib/upload';
import { formatBytes } from '../../_lib/format';
import { Button } from '../ui/button';
import { cn } from '../ui/cn';
import { ErrorState } from '../ui/states';

/**
 * Drop zone for a NIfTI file (.nii / .nii.gz) or a folder of DICOM files of one series,
 * streamed to POST /api/uploads/scan with progress.
 */
export function ScanUpload({ onUploaded }: { onUploaded: (scanId: string) => void }) {
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [summary, setSummary] = useState('');
  const [error, setError] = useState<{ code?: string; message: string } | null>(null);

  const send = async (all: File[]) => {
    const files = all.filter(isScanFile);
    if (files.length === 0) return setError({ message: 'No files to upload.' });
    setError(null);
    setSummary(`${files.length} file${files.length === 1 ? '' : 's'}, ${formatBytes(files.reduce((n, f) => n + f.size, 0))}`);
    setProgress(0);
    try {
      const r = await uploadFiles<{ scanId: string }>('/api/uploads/scan', files, setProgress);
      onUploaded(r.scanId);
    } catch (e) {
      setError({ code: (e as { code?: string }).code, message: (e as Error).message });
    } finally {
      setProgress(null);
    }
  };

  return (
    <div>
      <div
        data-testid="scan-dropzone"
        onDragOver={(e) => { e.preventDefault(); setOver(true); }}
        onDragLeave={() => setOver(false)}
        onDrop={async (e) => { e.preventDefault(); setOver(false); await send(await filesFromDrop(e.dataTransfer)); }}
        className={cn('flex flex-col items-center gap-2 rounded-lg border-2 border-dashed px-4 py-6 text-center transition-colors', over ? 'border-brand-500 bg-brand-50' : 'border-slate-300 bg-slate-50')}
      >
        <Upload className="h-5 w-5 text-slate-400" />
        <p className="text-sm text-slate-700">Drop a <span className="font-medium">.nii / .nii.gz</span> file or a <span className="font-medium">DICOM folder</span></p>
        <div className="flex gap-2">
          <Button size="sm" onClick={() => fileInput.current?.click()} disabled={progress !== null}><FileUp className="h-3.5 w-3.5" /> Choose file</Button>
          <Button size="sm" onClick={() => folderInput.current?.click()} disabled={progress !== null}><FolderOpen className="h-3.5 w-3.5" /> Choose folder</Button>
        </div>
        <input ref={fileInput} type="file" hidden data-testid="scan-file-input" accept=".nii,.gz,.dcm,application/dicom" multiple onChange={(e) => e.target.files && void send([...e.target.files])} />
        {/* webkitdirectory is not in React's input props: set it as a plain attribute. */}
        <input ref={folderInput} type="file" hidden data-testid="scan-folder-input" {...{ webkitdirectory: '', directory: '' }} multiple onChange={(e) => e.target.files && void send([...e.target.files])} />
        {progress !== null ? (
          <div className="mt-2 w-full max-w-xs" role="progressbar" aria-valuenow={Math.round(progress * 100)} aria-valuemin={0} aria-valuemax={100}>
            <div className="h-1.5 overflow-hidden rounded-full bg-slate-200"><div className="h-full bg-brand-600 transition-[width]" style={{ width: `${progress * 100}%` }} /></div>
            <p className="mt-1 text-xs text-slate-500">Uploading {summary} — {Math.round(progress * 100)}%{progress >= 1 ? ' (processing…)' : ''}</p>
          </div>
        ) : null}
      </div>
      {error ? <div className="mt-2"><ErrorState title="Upload refused" code={error.code} message={error.message} /></div> : null}
    </div>
  );
}
