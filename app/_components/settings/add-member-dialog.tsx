'use client';
import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { UserPlus } from 'lucide-react';
import { ROLES, type Role } from '../../../domain/auth/permissions';
import { describeError } from '../../_lib/errors';
import { useTRPC } from '../../_lib/trpc';
import { Button } from '../ui/button';
import { Dialog, DialogContent, DialogTrigger } from '../ui/dialog';
import { Input, Label } from '../ui/input';
import { Select } from '../ui/select';
import { toast } from '../ui/toast';

const EMPTY = { email: '', role: 'clinician' as Role, name: '', password: '' };

/** Adds someone by email: an existing account joins with the role; a new person also needs a name and an initial password. */
export function AddMemberDialog({ onAdded }: { onAdded: () => unknown }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState(EMPTY);
  const set = (patch: Partial<typeof EMPTY>) => setForm((f) => ({ ...f, ...patch }));
  const add = useMutation(
    trpc.members.add.mutationOptions({
      onSuccess: () => {
        void onAdded();
        toast({ tone: 'success', title: `Added ${form.email}`, description: `as ${form.role}` });
        setOpen(false);
        setForm(EMPTY);
      },
      onError: (e) => toast({ tone: 'error', title: 'Could not add the member', description: describeError(e).message }),
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate({ email: form.email.trim(), role: form.role, ...(form.name.trim() ? { name: form.name.trim() } : {}), ...(form.password ? { password: form.password } : {}) });
  };
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button size="sm" variant="primary" data-testid="member-add-open"><UserPlus className="h-3.5 w-3.5" /> Add member</Button>
      </DialogTrigger>
      <DialogContent title="Add a member" description="Someone with an account joins with the role. For a new person, also give a name and an initial password to hand over.">
        <form id="add-member-form" onSubmit={submit} className="flex flex-col gap-3">
          <div className="grid grid-cols-[1fr_9rem] gap-3">
            <div>
              <Label htmlFor="member-email">Email</Label>
              <Input id="member-email" type="email" required value={form.email} onChange={(e) => set({ email: e.target.value })} data-testid="member-email" />
            </div>
            <div>
              <Label>Role</Label>
              <Select value={form.role} onValueChange={(v) => set({ role: v as Role })} options={ROLES.map((r) => ({ value: r, label: r }))} data-testid="member-role" aria-label="Role" />
            </div>
          </div>
          <div className="grid grid-cols-2 gap-3">
            <div>
              <Label htmlFor="member-name">Name (new person)</Label>
              <Input id="member-name" value={form.name} maxLength={200} onChange={(e) => set({ name: e.target.value })} data-testid="member-name" />
            </div>
            <div>
              <Label htmlFor="member-password">Initial password (new person)</Label>
              <Input id="member-password" type="password" autoComplete="new-password" minLength={10} maxLength={200} value={form.password} onChange={(e) => set({ password: e.target.value })} data-testid="member-password" placeholder="at least 10 characters" />
            </div>
          </div>
          <div className="flex justify-end gap-2 pt-1">
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <Button type="submit" variant="primary" disabled={add.isPending || !form.email.trim()} data-testid="member-add-submit">{add.isPending ? 'Adding…' : 'Add member'}</Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
