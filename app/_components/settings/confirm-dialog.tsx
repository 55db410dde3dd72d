'use client';
import { useState, type ReactNode } from 'react';
import { Button } from '../ui/button';
import { Dialog, DialogContent, DialogTrigger } from '../ui/dialog';

/** A destructive action behind "are you sure?": the trigger opens it, Confirm runs `onConfirm` and closes. */
export function ConfirmDialog({
  trigger,
  title,
  description,
  confirmLabel,
  onConfirm,
  testId,
}: {
  trigger: ReactNode;
  title: string;
  description: string;
  confirmLabel: string;
  onConfirm: () => void;
  testId: string;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent
        title={title}
        description={description}
        footer={
          <>
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <Button variant="danger" data-testid={`${testId}-confirm`} onClick={() => { onConfirm(); setOpen(false); }}>{confirmLabel}</Button>
          </>
        }
      />
    </Dialog>
  );
}
