import { Brain, FileInput, FileOutput, SlidersHorizontal, Sparkles, type LucideIcon } from 'lucide-react';

/** Node category presentation: one muted hue per category (the accent stays for actions). */
export const categories: Record<string, { label: string; dot: string; bar: string; icon: LucideIcon }> = {
  input: { label: 'Inputs', dot: 'bg-sky-500', bar: 'border-t-sky-500', icon: FileInput },
  preprocess: { label: 'Preprocessing', dot: 'bg-violet-500', bar: 'border-t-violet-500', icon: SlidersHorizontal },
  model: { label: 'Models', dot: 'bg-amber-500', bar: 'border-t-amber-500', icon: Brain },
  postprocess: { label: 'Postprocessing', dot: 'bg-emerald-500', bar: 'border-t-emerald-500', icon: Sparkles },
  output: { label: 'Outputs', dot: 'bg-rose-500', bar: 'border-t-rose-500', icon: FileOutput },
};

export const categoryOrder = ['input', 'preprocess', 'model', 'postprocess', 'output'];

export const categoryOf = (c: string) => categories[c] ?? categories.preprocess!;
