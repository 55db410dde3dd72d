'use client';
import { useMemo, useState } from 'react';
import { Search } from 'lucide-react';
import { categoryOf, categoryOrder } from '../../_lib/categories';
import type { CatalogueEntry } from '../../_lib/types';
import { Input } from '../ui/input';
import { Tooltip } from '../ui/tooltip';
import { specKey, useCatalogue } from './catalogue-context';

/** Drag payload type: the value is `kind@version`. */
export const DRAG_MIME = 'application/x-studio-node';

/** Node palette generated from `catalogue.list`, grouped by category; drag onto the canvas or click to add. */
export function Palette({ onAdd }: { onAdd: (entry: CatalogueEntry) => void }) {
  const { specs } = useCatalogue();
  const [filter, setFilter] = useState('');
  const groups = useMemo(() => {
    const f = filter.trim().toLowerCase();
    const list = [...specs.values()].filter((s) => !f || s.title.toLowerCase().includes(f) || s.kind.includes(f));
    return categoryOrder
      .map((c) => ({ category: c, items: list.filter((s) => s.category === c) }))
      .concat([{ category: 'other', items: list.filter((s) => !categoryOrder.includes(s.category)) }])
      .filter((g) => g.items.length > 0);
  }, [specs, filter]);

  return (
    <aside className="flex w-60 shrink-0 flex-col border-r border-slate-200 bg-white" aria-label="Node palette">
      <div className="border-b border-slate-100 p-3">
        <div className="relative">
          <Search className="pointer-events-none absolute top-2 left-2.5 h-4 w-4 text-slate-400" />
          <Input value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="Find a node" className="pl-8" aria-label="Filter nodes" />
        </div>
      </div>
      <div className="flex-1 overflow-y-auto p-2">
        {groups.map((g) => {
          const cat = categoryOf(g.category);
          return (
            <section key={g.category} className="mb-3">
              <h3 className="mb-1 flex items-center gap-1.5 px-1.5 text-[11px] font-semibold tracking-wide text-slate-500 uppercase">
                <span className={`h-2 w-2 rounded-full ${cat.dot}`} /> {cat.label}
              </h3>
              {g.items.map((s) => (
                <Tooltip key={specKey(s.kind, s.version)} content={<span className="font-sans">{s.description}</span>} side="right">
                  <button
                    type="button"
                    draggable
                    data-testid={`palette-${s.kind}`}
                    onDragStart={(e) => {
                      e.dataTransfer.setData(DRAG_MIME, specKey(s.kind, s.version));
                      e.dataTransfer.effectAllowed = 'move';
                    }}
                    onClick={() => onAdd(s)}
                    className="flex w-full cursor-grab items-center justify-between gap-2 rounded-md px-2 py-1.5 text-left text-sm text-slate-700 hover:bg-slate-100 active:cursor-grabbing"
                  >
                    <span className="truncate">{s.title}</span>
                    <span className="font-mono text-[10px] text-slate-400">v{s.version}</span>
                  </button>
                </Tooltip>
              ))}
            </section>
          );
        })}
        {groups.length === 0 ? <p className="px-2 py-6 text-center text-xs text-slate-400">No node matches “{filter}”.</p> : null}
      </div>
    </aside>
  );
}
