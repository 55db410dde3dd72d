'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { Activity, Boxes, BrainCircuit, Coins, Database, Route, ScanLine, ScrollText, Settings, Webhook, Workflow } from 'lucide-react';
import type { Action } from '../../../domain/auth/permissions';
import { useMe } from '../../_lib/can';
import { cn } from '../ui/cn';
import { Tooltip } from '../ui/tooltip';

/** `needs`: shown when the caller may do any of these (the server refuses the rest anyway). */
const items: { href: string; label: string; icon: typeof Workflow; match: (p: string) => boolean; needs?: Action[] }[] = [
  { href: '/', label: 'Pipelines', icon: Workflow, match: (p: string) => p === '/' || p.startsWith('/pipelines') },
  { href: '/runs', label: 'Runs', icon: Activity, match: (p: string) => p.startsWith('/runs') },
  { href: '/scans', label: 'Scans', icon: ScanLine, match: (p: string) => p.startsWith('/scans') },
  { href: '/datasets', label: 'Datasets', icon: Database, match: (p: string) => p.startsWith('/datasets'), needs: ['dataset.read'] },
  { href: '/models', label: 'Models', icon: Boxes, match: (p: string) => p.startsWith('/models') },
  { href: '/routing', label: 'Routing', icon: Route, match: (p: string) => p.startsWith('/routing'), needs: ['routing.read'] },
  { href: '/audit', label: 'Audit', icon: ScrollText, match: (p: string) => p.startsWith('/audit'), needs: ['audit.read'] },
  // Clinicians see their own run costs on the run page; the cost page is for cost.read.
  { href: '/costs', label: 'Costs', icon: Coins, match: (p: string) => p.startsWith('/costs'), needs: ['cost.read', 'budget.manage'] },
  { href: '/webhooks', label: 'Webhooks', icon: Webhook, match: (p: string) => p.startsWith('/webhooks'), needs: ['webhook.manage'] },
  { href: '/settings', label: 'Settings', icon: Settings, match: (p: string) => p.startsWith('/settings'), needs: ['member.manage', 'key.manage'] },
];

export function Sidebar() {
  const pathname = usePathname() ?? '/';
  // The canvas needs the width: the editor gets an icon-only rail.
  const compact = /^\/pipelines\/[^/]+$/.test(pathname);
  const allowed = useMe().data?.allowed;
  const visible = items.filter((i) => !i.needs || i.needs.some((a) => allowed?.includes(a)));
  return (
    <aside className={cn('flex shrink-0 flex-col border-r border-slate-200 bg-white', compact ? 'w-14' : 'w-56')}>
      <Link href="/" className="flex h-14 items-center gap-2 border-b border-slate-200 px-3.5" aria-label="Pipeline Studio home">
        <span className="flex h-7 w-7 shrink-0 items-center justify-center rounded-md bg-brand-600 text-white">
          <BrainCircuit className="h-4 w-4" />
        </span>
        {compact ? null : (
          <span className="text-sm leading-tight font-semibold text-slate-900">
            Pipeline Studio
            <span className="block text-[11px] font-normal text-slate-500">Medical imaging AI</span>
          </span>
        )}
      </Link>
      <nav className="flex flex-col gap-0.5 p-2" aria-label="Main">
        {visible.map(({ href, label, icon: Icon, match }) => {
          const active = match(pathname);
          const link = (
            <Link
              key={href}
              href={href}
              data-testid={`nav-${label.toLowerCase()}`}
              aria-current={active ? 'page' : undefined}
              className={cn(
                'flex items-center gap-2.5 rounded-md px-2.5 py-2 text-sm font-medium transition-colors',
                active ? 'bg-brand-50 text-brand-800' : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900',
              )}
            >
              <Icon className={cn('h-4 w-4 shrink-0', active ? 'text-brand-700' : 'text-slate-400')} />
              {compact ? <span className="sr-only">{label}</span> : label}
            </Link>
          );
          return compact ? <Tooltip key={href} content={<span className="font-sans">{label}</span>} side="right">{link}</Tooltip> : link;
        })}
      </nav>
      {compact ? null : (
        <div className="mt-auto border-t border-slate-200 p-3 text-[11px] leading-snug text-slate-400">
          For research use. Outputs require review by a qualified clinician.
        </div>
      )}
    </aside>
  );
}
