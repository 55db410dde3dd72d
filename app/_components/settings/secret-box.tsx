'use client';
import { useState } from 'react';
import { AlertTriangle, Check, Copy } from 'lucide-react';
import { Button } from '../ui/button';

/** A just-created secret: shown once, copyable, with the warning that it cannot be shown again. */
export function SecretBox({ secret }: { secret: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      // No clipboard permission: the field is selectable by hand.
    }
  };
  return (
    <div className="flex flex-col gap-2">
      <div role="alert" className="flex items-start gap-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
        <AlertTriangle className="mt-0.5 h-4 w-4 shrink-0 text-amber-600" />
        <span>Copy this key now. It is shown only once: the studio stores only its hash and cannot show it again.</span>
      </div>
      <div className="flex items-center gap-2">
        <input
          readOnly
          value={secret}
          onFocus={(e) => e.currentTarget.select()}
          aria-label="API key secret"
          data-testid="key-secret"
          className="h-9 min-w-0 flex-1 rounded-md border border-slate-300 bg-slate-50 px-2.5 font-mono text-xs text-slate-900"
        />
        <Button size="md" onClick={() => void copy()} data-testid="key-secret-copy">
          {copied ? <Check className="h-4 w-4 text-emerald-600" /> : <Copy className="h-4 w-4" />} {copied ? 'Copied' : 'Copy'}
        </Button>
      </div>
    </div>
  );
}
