'use client';
import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { AlertTriangle, Plus } from 'lucide-react';
import { describeError } from '../../_lib/errors';
import { useTRPC } from '../../_lib/trpc';
import { Button } from '../../_components/ui/button';
import { Input, Label } from '../../_components/ui/input';
import { toast } from '../../_components/ui/toast';

const EVENTS = ['run.finished', 'run.failed', 'run.cancelled'] as const;

/** URL and events; then the signing secret, shown once (the studio keeps it to sign, and never shows it again). */
export function CreateWebhook({ onCreated }: { onCreated: () => unknown }) {
  const trpc = useTRPC();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<(typeof EVENTS)[number][]>([...EVENTS]);
  const [secret, setSecret] = useState<string | null>(null);
  const create = useMutation(
    trpc.webhooks.create.mutationOptions({
      onSuccess: (r) => {
        setSecret(r.secret);
        setUrl('');
        void onCreated();
      },
      onError: (e) => toast({ tone: 'error', title: 'Could not add the webhook', description: describeError(e).message }),
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ url: url.trim(), events });
  };
  return (
    <div className="flex flex-col gap-3 p-4">
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3">
        <div className="min-w-80 flex-1">
          <Label htmlFor="webhook-url">Receiver URL</Label>
          <Input id="webhook-url" type="url" required value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://ris.example/hooks/studio" data-testid="webhook-url" />
        </div>
        <fieldset className="flex gap-3 pb-2">
          {EVENTS.map((ev) => (
            <label key={ev} className="flex items-center gap-1.5 font-mono text-xs text-slate-700">
              <input type="checkbox" className="h-3.5 w-3.5" checked={events.includes(ev)} onChange={(e) => setEvents((s) => (e.target.checked ? [...s, ev] : s.filter((x) => x !== ev)))} />
              {ev}
            </label>
          ))}
        </fieldset>
        <Button type="submit" variant="primary" disabled={create.isPending || !url.trim() || !events.length} data-testid="webhook-create">
          <Plus className="h-3.5 w-3.5" /> Add webhook
        </Button>
      </form>
      {secret ? (
        <div role="alert" className="flex flex-col gap-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          <span className="flex items-center gap-2">
            <AlertTriangle className="h-4 w-4 text-amber-600" /> Signing secret: copy it now, it is not shown again. Verify <code>x-studio-signature</code> = sha256=HMAC-SHA256(secret, timestamp + &quot;.&quot; + body).
          </span>
          <input readOnly value={secret} onFocus={(e) => e.currentTarget.select()} aria-label="Webhook signing secret" data-testid="webhook-secret" className="h-9 rounded-md border border-slate-300 bg-white px-2.5 font-mono text-xs" />
          <Button size="sm" onClick={() => setSecret(null)}>I have copied it</Button>
        </div>
      ) : null}
    </div>
  );
}
