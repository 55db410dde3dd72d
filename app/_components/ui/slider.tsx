'use client';
import { Slider as S } from 'radix-ui';
import { cn } from './cn';

export function Slider({
  value,
  onValueChange,
  min,
  max,
  step = 1,
  className,
  ...rest
}: {
  value: number;
  onValueChange: (v: number) => void;
  min: number;
  max: number;
  step?: number;
  className?: string;
  'aria-label'?: string;
  'data-testid'?: string;
}) {
  return (
    <S.Root
      value={[value]}
      onValueChange={(v) => onValueChange(v[0] ?? min)}
      min={min}
      max={max}
      step={step}
      className={cn('relative flex h-5 w-full touch-none items-center select-none', className)}
      {...rest}
    >
      <S.Track className="relative h-1.5 grow rounded-full bg-slate-200">
        <S.Range className="absolute h-full rounded-full bg-brand-600" />
      </S.Track>
      <S.Thumb aria-label={rest['aria-label']} className="block h-4 w-4 rounded-full border-2 border-brand-600 bg-white shadow focus:ring-2 focus:ring-brand-100 focus:outline-none" />
    </S.Root>
  );
}
