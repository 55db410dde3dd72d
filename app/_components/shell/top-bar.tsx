'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import { ChevronRight } from 'lucide-react';
import { useTRPC } from '../../_lib/trpc';
import { UserMenu } from './user-menu';

const sectionNames: Record<string, string> = { pipelines: 'Pipelines', runs: 'Runs', scans: 'Scans', models: 'Models', audit: 'Audit', run: 'Run', costs: 'Costs', settings: 'Settings' };

/**
 * Breadcrumbs from the URL; pipeline and run ids show their names (read from the same query
 * cache the page fills, so no extra request), and the user menu. Page-specific actions live in the pages.
 */
export function TopBar() {
  const trpc = useTRPC();
  const parts = (usePathname() ?? '/').split('/').filter(Boolean);
  const id = parts[1] ?? '';
  const pipeline = useQuery(trpc.pipelines.get.queryOptions({ id }, { enabled: parts[0] === 'pipelines' && !!id, refetchOnWindowFocus: false }));
  const run = useQuery(trpc.runs.get.queryOptions({ id }, { enabled: parts[0] === 'runs' && !!id, refetchOnWindowFocus: false }));
  const nameOf = (p: string, i: number) => {
    if (i === 1 && parts[0] === 'pipelines' && pipeline.data) return pipeline.data.name;
    if (i === 1 && parts[0] === 'runs' && run.data) return `${run.data.pipelineName} · v${run.data.semver}`;
    return sectionNames[p] ?? (p.length > 12 ? `${p.slice(0, 8)}…` : p);
  };
  const crumbs = parts.length === 0 ? [{ href: '/', label: 'Pipelines' }] : parts.map((p, i) => ({
    href: '/' + parts.slice(0, i + 1).join('/'),
    label: nameOf(p, i),
  }));
  return (
    <header className="flex h-14 shrink-0 items-center justify-between border-b border-slate-200 bg-white px-6">
      <nav aria-label="Breadcrumb" className="flex items-center gap-1 text-sm">
        {crumbs.map((c, i) => (
          <span key={c.href} className="flex items-center gap-1">
            {i > 0 ? <ChevronRight className="h-3.5 w-3.5 text-slate-300" /> : null}
            {i === crumbs.length - 1 ? (
              <span className="font-medium text-slate-900">{c.label}</span>
            ) : (
              <Link href={c.href === '/pipelines' ? '/' : c.href} className="text-slate-500 hover:text-slate-800">{c.label}</Link>
            )}
          </span>
        ))}
      </nav>
      <UserMenu />
    </header>
  );
}
