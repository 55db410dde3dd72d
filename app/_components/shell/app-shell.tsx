'use client';
import type { ReactNode } from 'react';
import { usePathname } from 'next/navigation';
import { TrpcProviders } from '../../_lib/trpc';
import { Toaster } from '../ui/toast';
import { TooltipProvider } from '../ui/tooltip';
import { Sidebar } from './sidebar';
import { TopBar } from './top-bar';

/** Left navigation + top bar around every page but sign-in; providers for data, tooltips and toasts. */
export function AppShell({ children }: { children: ReactNode }) {
  // The sign-in page stands alone: no navigation for someone who is not signed in yet.
  const bare = usePathname() === '/sign-in';
  return (
    <TrpcProviders>
      <TooltipProvider>
        {bare ? (
          <main className="h-screen overflow-auto">{children}</main>
        ) : (
          <div className="flex h-screen overflow-hidden">
            <Sidebar />
            <div className="flex min-w-0 flex-1 flex-col">
              <TopBar />
              <main className="min-h-0 flex-1 overflow-auto">{children}</main>
            </div>
          </div>
        )}
        <Toaster />
      </TooltipProvider>
    </TrpcProviders>
  );
}
