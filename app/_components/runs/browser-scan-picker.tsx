'use client';
import { useState } from 'react';
import { FolderOpen, FileUp, ShieldCheck } from 'lucide-react';
import { formatBytes, shortHash } from '../../_lib/format';
import { readLocalScan, type LocalScan } from '../../_lib/browser-input';
import { filesFromDrop } from '../../_lib/upload';

/** Pick or drop a scan that stays on this device: read with the File API, hashed with WebCrypto. */
export function BrowserScanPicker({ scan, onScan, disabled }: { scan: LocalScan | null; onScan: (s: LocalScan) => void; disabled?: boolean }) {
  const [error, setError] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const take = async (files: File[]) => {
    setError(null);
    setReading(true);
    try {
      onScan(await readLocalScan(files));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setReading(false);
    }
  };
  return (
    <div
      data-testid="browser-scan-dropzone"
      className="flex flex-col gap-3 rounded-lg border-2 border-dashed border-slate-300 p-4"
      onDragOver={(e) => e.preventDefault()}
      onDrop={async (e) => {
        e.preventDefault();
        // Hidden files and DICOMDIR are left out by readLocalScan, as for a folder pick.
        if (!disabled) await take(await filesFromDrop(e.dataTransfer));
      }}
    >
      <p className="flex items-center gap-2 text-sm text-slate-600">
        <ShieldCheck className="h-4 w-4 text-emerald-600" /> Drop a NIfTI file or a DICOM folder here. It is read on this device and never uploaded.
      </p>
      <div className="flex flex-wrap gap-2">
        <label className="inline-flex cursor-pointer items-center gap-2 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm shadow-sm hover:bg-slate-50">
          <FileUp className="h-4 w-4" /> NIfTI file…
          <input type="file" className="sr-only" accept=".nii,.gz" disabled={disabled} data-testid="browser-scan-file" onChange={(e) => e.target.files?.length && take([...e.target.files])} />
        </label>
        <label className="inline-flex cursor-pointer items-center gap-2 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm shadow-sm hover:bg-slate-50">
          <FolderOpen className="h-4 w-4" /> DICOM folder…
          <input
            type="file" className="sr-only" multiple disabled={disabled} data-testid="browser-scan-folder"
            ref={(el) => el?.setAttribute('webkitdirectory', '')}
            onChange={(e) => e.target.files?.length && take([...e.target.files])}
          />
        </label>
      </div>
      {reading ? <p className="text-xs text-slate-500">Reading and hashing locally…</p> : null}
      {scan ? (
        <p className="text-xs text-slate-600" data-testid="browser-scan-chosen">
          <span className="font-medium text-slate-800">{scan.name}</span> · {scan.format} · {scan.input.files.length} file(s) · {formatBytes(scan.size)} · sha256 {shortHash(scan.sha256, 12)}
        </p>
      ) : null}
      {error ? <p data-testid="browser-scan-error" className="text-xs text-red-700">{error}</p> : null}
    </div>
  );
}
