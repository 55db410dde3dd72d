'use client';
import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { FolderPlus } from 'lucide-react';
import { describeError } from '../../_lib/errors';
import { useTRPC } from '../../_lib/trpc';
import { Button } from '../ui/button';
import { Dialog, DialogContent, DialogTrigger } from '../ui/dialog';
import { Input, Label } from '../ui/input';
import { toast } from '../ui/toast';

/**
 * A new workspace (another team or study: its own pipelines, scans, runs, keys and budget) with
 * the caller as its admin; the session then moves into it.
 */
export function CreateWorkspaceDialog() {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const switchWs = useMutation(
    trpc.account.switchWorkspace.mutationOptions({
      // Everything on screen belongs to the old workspace: start over at the pipeline list.
      onSuccess: () => window.location.assign('/'),
      onError: (e) => toast({ tone: 'error', title: 'Created, but could not switch to it', description: describeError(e).message }),
    }),
  );
  const create = useMutation(
    trpc.account.createWorkspace.mutationOptions({
      onSuccess: ({ id }) => switchWs.mutate({ workspaceId: id }),
      onError: (e) => toast({ tone: 'error', title: 'Could not create the workspace', description: describeError(e).message }),
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name: name.trim() });
  };
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button size="sm" data-testid="workspace-create-open"><FolderPlus className="h-3.5 w-3.5" /> New workspace</Button>
      </DialogTrigger>
      <DialogContent title="New workspace" description="Its own pipelines, scans, runs, API keys and budget. You become its admin and add its members here afterwards.">
        <form onSubmit={submit} className="flex flex-col gap-3">
          <div>
            <Label htmlFor="workspace-name">Name</Label>
            <Input id="workspace-name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} data-testid="workspace-name" />
          </div>
          <div className="flex justify-end">
            <Button type="submit" variant="primary" disabled={!name.trim() || create.isPending || switchWs.isPending} data-testid="workspace-create">Create and switch</Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
