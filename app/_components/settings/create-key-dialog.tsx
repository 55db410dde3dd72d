'use client';
import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { KEY_ACTIONS, type Action } from '../../../domain/auth/permissions';
import { describeError } from '../../_lib/errors';
import { useTRPC } from '../../_lib/trpc';
import { Button } from '../ui/button';
import { Dialog, DialogContent, DialogTrigger } from '../ui/dialog';
import { Input, Label } from '../ui/input';
import { toast } from '../ui/toast';
import { SecretBox } from './secret-box';

/** End of the chosen local day, as the ISO instant the server expects; '' -> no expiry. */
const expiryOf = (day: string) => (day ? new Date(`${day}T23:59:59`).toISOString() : undefined);

/** Name, scopes (a subset of KEY_ACTIONS) and optional expiry; then the secret, once. */
export function CreateKeyDialog({ onCreated }: { onCreated: () => unknown }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [actions, setActions] = useState<Action[]>([]);
  const [expires, setExpires] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const create = useMutation(
    trpc.keys.create.mutationOptions({
      onSuccess: (r) => { setSecret(r.secret); void onCreated(); },
      onError: (e) => toast({ tone: 'error', title: 'Could not create the key', description: describeError(e).message }),
    }),
  );
  // Closing forgets the secret for good, and resets the form for the next key.
  const onOpenChange = (o: boolean) => {
    setOpen(o);
    if (!o) { setSecret(null); setName(''); setActions([]); setExpires(''); create.reset(); }
  };
  const toggle = (a: Action, on: boolean) => setActions((s) => (on ? [...s, a] : s.filter((x) => x !== a)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name: name.trim(), actions, expiresAt: expiryOf(expires) });
  };
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button size="sm" variant="primary" data-testid="key-create-open"><Plus className="h-3.5 w-3.5" /> Create API key</Button>
      </DialogTrigger>
      <DialogContent title={secret ? 'API key created' : 'Create an API key'} description={secret ? undefined : 'Grant only the scopes the integration needs.'}>
        {secret ? (
          <div className="flex flex-col gap-4">
            <SecretBox secret={secret} />
            <div className="flex justify-end"><Button variant="primary" onClick={() => onOpenChange(false)} data-testid="key-secret-done">I have copied it</Button></div>
          </div>
        ) : (
          <form onSubmit={submit} className="flex flex-col gap-4">
            <div>
              <Label htmlFor="key-name">Name</Label>
              <Input id="key-name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. PACS router" data-testid="key-name" />
            </div>
            <fieldset>
              <legend className="mb-1 text-xs font-medium text-slate-600">Scopes</legend>
              <div className="grid grid-cols-2 gap-x-4 gap-y-1.5">
                {KEY_ACTIONS.map((a) => (
                  <label key={a} className="flex items-center gap-2 font-mono text-xs text-slate-700">
                    <input type="checkbox" className="h-3.5 w-3.5 accent-brand-600" checked={actions.includes(a)} onChange={(e) => toggle(a, e.target.checked)} data-testid={`key-action-${a}`} />
                    {a}
                  </label>
                ))}
              </div>
            </fieldset>
            <div className="w-48">
              <Label htmlFor="key-expires">Expires (optional)</Label>
              <Input id="key-expires" type="date" min={tomorrow} value={expires} onChange={(e) => setExpires(e.target.value)} data-testid="key-expires" />
            </div>
            <div className="flex justify-end gap-2">
              <Button onClick={() => onOpenChange(false)}>Cancel</Button>
              <Button type="submit" variant="primary" disabled={create.isPending || !name.trim() || !actions.length} data-testid="key-create-submit">{create.isPending ? 'Creating…' : 'Create key'}</Button>
            </div>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
