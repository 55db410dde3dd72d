'use client';
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { useTRPC } from '../../_lib/trpc';
import { useCan } from '../../_lib/can';
import { describeError } from '../../_lib/errors';
import { Button } from '../ui/button';
import { Dialog, DialogContent, DialogTrigger } from '../ui/dialog';
import { Input, Label, Textarea } from '../ui/input';
import { ErrorState } from '../ui/states';

export function NewPipelineDialog() {
  const trpc = useTRPC();
  const router = useRouter();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const create = useMutation(
    trpc.pipelines.create.mutationOptions({
      onSuccess: async ({ id }) => {
        await qc.invalidateQueries({ queryKey: trpc.pipelines.list.queryKey() });
        setOpen(false);
        router.push(`/pipelines/${id}`);
      },
    }),
  );
  const canCreate = useCan('pipeline.edit');
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (name.trim()) create.mutate({ name: name.trim(), description: description.trim() || undefined });
  };
  if (!canCreate) return null;
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="primary" data-testid="new-pipeline"><Plus className="h-4 w-4" /> New pipeline</Button>
      </DialogTrigger>
      <DialogContent title="New pipeline" description="Starts as an empty draft; add nodes on the canvas.">
        <form id="new-pipeline-form" onSubmit={submit} className="flex flex-col gap-3">
          <div>
            <Label htmlFor="np-name">Name</Label>
            <Input id="np-name" data-testid="new-pipeline-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Liver CT segmentation" autoFocus />
          </div>
          <div>
            <Label htmlFor="np-desc">Description</Label>
            <Textarea id="np-desc" value={description} onChange={(e) => setDescription(e.target.value)} placeholder="What the pipeline does, for which scans" />
          </div>
          {create.isError ? <ErrorState title="Could not create" {...describeError(create.error)} /> : null}
          <div className="flex justify-end gap-2 pt-1">
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <Button type="submit" variant="primary" disabled={!name.trim() || create.isPending} data-testid="new-pipeline-submit">
              {create.isPending ? 'Creating…' : 'Create'}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
