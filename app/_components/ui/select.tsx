'use client';
import { Select as S } from 'radix-ui';
import { Check, ChevronDown } from 'lucide-react';
import { cn } from './cn';

export interface SelectOption {
  value: string;
  label: string;
  hint?: string;
  /** Shown greyed out and not selectable (the hint says why). */
  disabled?: boolean;
}

/** Radix select with the studio look. Empty string is not a valid Radix value: use `placeholder`. */
export function Select({
  value,
  onValueChange,
  options,
  placeholder = 'Select…',
  className,
  disabled,
  ...rest
}: {
  value: string | undefined;
  onValueChange: (v: string) => void;
  options: SelectOption[];
  placeholder?: string;
  className?: string;
  disabled?: boolean;
  'data-testid'?: string;
  'aria-label'?: string;
}) {
  return (
    <S.Root value={value || undefined} onValueChange={onValueChange} disabled={disabled}>
      <S.Trigger
        className={cn(
          'inline-flex h-8 w-full items-center justify-between gap-2 rounded-md border border-slate-300 bg-white px-2.5 text-left text-sm text-slate-900 shadow-xs focus:border-brand-600 focus:ring-2 focus:ring-brand-100 focus:outline-none disabled:opacity-50 data-[placeholder]:text-slate-400',
          className,
        )}
        {...rest}
      >
        <span className="truncate"><S.Value placeholder={placeholder} /></span>
        <S.Icon><ChevronDown className="h-4 w-4 text-slate-400" /></S.Icon>
      </S.Trigger>
      <S.Portal>
        <S.Content position="popper" sideOffset={4} className="z-50 max-h-72 min-w-[var(--radix-select-trigger-width)] overflow-hidden rounded-md border border-slate-200 bg-white shadow-lg">
          <S.Viewport className="p-1">
            {options.map((o) => (
              <S.Item
                key={o.value}
                value={o.value}
                disabled={o.disabled}
                data-disabled-option={o.disabled ? '' : undefined}
                className="relative flex cursor-default items-center rounded px-2 py-1.5 pl-7 text-sm text-slate-800 outline-none select-none data-[disabled]:text-slate-400 data-[highlighted]:bg-brand-50 data-[highlighted]:text-brand-800"
              >
                <S.ItemIndicator className="absolute left-2"><Check className="h-3.5 w-3.5" /></S.ItemIndicator>
                <S.ItemText>{o.label}</S.ItemText>
                {o.hint ? <span className="ml-2 truncate text-xs text-slate-400">{o.hint}</span> : null}
              </S.Item>
            ))}
          </S.Viewport>
        </S.Content>
      </S.Portal>
    </S.Root>
  );
}
