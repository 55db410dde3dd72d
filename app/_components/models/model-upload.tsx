'use client';
import { useRef, useState } from 'react';
import { FileUp } from 'lucide-react';
import { useCan } from '../../_lib/can';
import { uploadFiles } from '../../_lib/upload';
import { Button } from '../ui/button';
import { ErrorState } from '../ui/states';

/** Upload one .onnx file to POST /api/uploads/model; the server reads its signature from the file. */
export function ModelUpload({ onUploaded }: { onUploaded: (sha256: string) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<{ code?: string; message: string } | null>(null);
  const canRegister = useCan('model.register');
  const send = async (file: File) => {
    setError(null);
    setProgress(0);
    try {
      onUploaded((await uploadFiles<{ sha256: string }>('/api/uploads/model', [file], setProgress)).sha256);
    } catch (e) {
      setError({ code: (e as { code?: string }).code, message: (e as Error).message });
    } finally {
      setProgress(null);
    }
  };
  return (
    <div className="flex flex-col gap-2">
      <Button variant="primary" onClick={() => input.current?.click()} disabled={progress !== null || !canRegister} title={canRegister ? undefined : 'Your role cannot register models'} data-testid="model-upload">
        <FileUp className="h-4 w-4" /> {progress !== null ? `Uploading ${Math.round(progress * 100)}%` : 'Upload .onnx model'}
      </Button>
      <input ref={input} type="file" hidden accept=".onnx" onChange={(e) => e.target.files?.[0] && void send(e.target.files[0])} />
      {error ? <ErrorState title="Model refused" code={error.code} message={error.message} /> : null}
    </div>
  );
}
