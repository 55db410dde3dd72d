'use client';
import { useQuery } from '@tanstack/react-query';
import type { Action } from '../../domain/auth/permissions';
import { useTRPC } from './trpc';

/**
 * The signed-in caller (account.me), cached for the whole shell: the top bar, the sidebar and
 * `useCan` share one request. null when nobody is signed in.
 */
export function useMe() {
  const trpc = useTRPC();
  return useQuery(trpc.account.me.queryOptions(undefined, { staleTime: 60_000, refetchOnWindowFocus: false }));
}

/**
 * Whether the caller may perform `action` (false until account.me has loaded). The UI only
 * hides or disables what the server would refuse anyway; every procedure checks again.
 */
export function useCan(action: Action): boolean {
  const me = useMe();
  return !!me.data?.allowed.includes(action);
}
