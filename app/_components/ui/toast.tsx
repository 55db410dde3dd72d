'use client';
import { Toast as T } from 'radix-ui';
import { AlertTriangle, CheckCircle2, Info, X } from 'lucide-react';
import { create } from 'zustand';
import { cn } from './cn';

type Tone = 'info' | 'success' | 'error';
interface ToastItem {
  id: number;
  title: string;
  description?: string;
  tone: Tone;
}

const useToasts = create<{ items: ToastItem[]; remove: (id: number) => void }>((set) => ({
  items: [],
  remove: (id) => set((s) => ({ items: s.items.filter((t) => t.id !== id) })),
}));

let nextId = 1;
/** Show a toast from anywhere (event handlers, callbacks); rendered by <Toaster/> in the shell. */
export function toast(t: { title: string; description?: string; tone?: Tone }) {
  const item = { id: nextId++, tone: 'info' as Tone, ...t };
  useToasts.setState((s) => ({ items: [...s.items.slice(-3), item] }));
}

const icons = { info: Info, success: CheckCircle2, error: AlertTriangle };
const tones = { info: 'text-sky-600', success: 'text-emerald-600', error: 'text-red-600' };

export function Toaster() {
  const { items, remove } = useToasts();
  return (
    <T.Provider swipeDirection="right" duration={5000}>
      {items.map((t) => {
        const Icon = icons[t.tone];
        return (
          <T.Root
            key={t.id}
            onOpenChange={(open) => !open && remove(t.id)}
            data-testid={`toast-${t.tone}`}
            className="flex w-full animate-slide-in items-start gap-3 rounded-lg border border-slate-200 bg-white p-3 shadow-lg"
          >
            <Icon className={cn('mt-0.5 h-4 w-4 shrink-0', tones[t.tone])} />
            <div className="min-w-0 flex-1">
              <T.Title className="text-sm font-medium text-slate-900">{t.title}</T.Title>
              {t.description ? <T.Description className="mt-0.5 text-xs break-words text-slate-600">{t.description}</T.Description> : null}
            </div>
            <T.Close aria-label="Dismiss" className="rounded p-0.5 text-slate-400 hover:text-slate-700">
              <X className="h-3.5 w-3.5" />
            </T.Close>
          </T.Root>
        );
      })}
      <T.Viewport className="fixed right-4 bottom-4 z-[60] flex w-96 max-w-[92vw] flex-col gap-2 outline-none" />
    </T.Provider>
  );
}
