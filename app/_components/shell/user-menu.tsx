'use client';
import Link from 'next/link';
import { useMutation } from '@tanstack/react-query';
import { DropdownMenu as M } from 'radix-ui';
import { Check, ChevronDown, LogOut, Settings, UserRound } from 'lucide-react';
import { useMe } from '../../_lib/can';
import { describeError } from '../../_lib/errors';
import { useTRPC } from '../../_lib/trpc';
import { RoleBadge } from '../settings/role-badge';
import { toast } from '../ui/toast';

const item = 'flex cursor-default items-center gap-2 rounded px-2 py-1.5 text-sm text-slate-700 outline-none select-none data-[highlighted]:bg-brand-50 data-[highlighted]:text-brand-800';

/** Ends the better-auth session, then a full navigation so no cached data of this person survives. */
async function signOut() {
  const res = await fetch('/api/auth/sign-out', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', credentials: 'same-origin' });
  if (!res.ok) return toast({ tone: 'error', title: 'Sign out failed', description: `HTTP ${res.status}` });
  window.location.assign('/sign-in');
}

/** Who is signed in, in which workspace (switchable when there are several), Settings and Sign out. */
export function UserMenu() {
  const trpc = useTRPC();
  const me = useMe().data;
  const switchWs = useMutation(
    trpc.account.switchWorkspace.mutationOptions({
      // Everything on screen belongs to the old workspace: start over at the pipeline list.
      onSuccess: () => window.location.assign('/'),
      onError: (e) => toast({ tone: 'error', title: 'Could not switch workspace', description: describeError(e).message }),
    }),
  );
  if (!me || me.kind !== 'user') return null;
  const workspace = me.workspaces.find((w) => w.workspaceId === me.workspaceId);
  const canSettings = me.allowed.includes('member.manage') || me.allowed.includes('key.manage');
  return (
    <M.Root>
      <M.Trigger
        className="flex items-center gap-2 rounded-full border border-slate-200 bg-white py-1 pr-2 pl-1 text-xs text-slate-600 hover:bg-slate-50 focus:ring-2 focus:ring-brand-100 focus:outline-none"
        data-testid="user-menu"
      >
        <span className="flex h-6 w-6 items-center justify-center rounded-full bg-slate-100 text-slate-500"><UserRound className="h-3.5 w-3.5" /></span>
        <span className="max-w-48 truncate" data-testid="user-menu-workspace">{workspace?.name ?? me.workspaceId}</span>
        <RoleBadge role={me.role} />
        <ChevronDown className="h-3.5 w-3.5 text-slate-400" />
      </M.Trigger>
      <M.Portal>
        <M.Content align="end" sideOffset={6} className="z-50 w-64 rounded-md border border-slate-200 bg-white p-1 shadow-lg">
          <div className="px-2 py-1.5">
            <p className="truncate text-sm font-medium text-slate-900" data-testid="user-menu-email">{me.email}</p>
            <p className="text-xs text-slate-500">{workspace?.name ?? me.workspaceId} · {me.role}</p>
          </div>
          {me.workspaces.length > 1 ? (
            <>
              <M.Separator className="my-1 h-px bg-slate-100" />
              <M.Label className="px-2 py-1 text-[11px] font-medium tracking-wide text-slate-400 uppercase">Workspaces</M.Label>
              {me.workspaces.map((w) => (
                <M.Item
                  key={w.workspaceId}
                  className={item}
                  disabled={switchWs.isPending}
                  data-testid={`workspace-${w.workspaceId}`}
                  onSelect={() => w.workspaceId !== me.workspaceId && switchWs.mutate({ workspaceId: w.workspaceId })}
                >
                  <Check className={w.workspaceId === me.workspaceId ? 'h-3.5 w-3.5 text-brand-700' : 'h-3.5 w-3.5 opacity-0'} />
                  <span className="flex-1 truncate">{w.name}</span>
                  <span className="text-[11px] text-slate-400">{w.role}</span>
                </M.Item>
              ))}
            </>
          ) : null}
          <M.Separator className="my-1 h-px bg-slate-100" />
          {canSettings ? (
            <M.Item asChild className={item}>
              <Link href="/settings" data-testid="user-menu-settings"><Settings className="h-3.5 w-3.5" /> Settings</Link>
            </M.Item>
          ) : null}
          <M.Item className={item} onSelect={() => void signOut()} data-testid="sign-out">
            <LogOut className="h-3.5 w-3.5" /> Sign out
          </M.Item>
        </M.Content>
      </M.Portal>
    </M.Root>
  );
}
