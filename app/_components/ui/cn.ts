import { clsx, type ClassValue } from 'clsx';

/** Class name joiner used by every UI primitive (Tailwind classes, no merging magic). */
export function cn(...inputs: ClassValue[]) {
  return clsx(inputs);
}
