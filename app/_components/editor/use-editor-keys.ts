'use client';
import { useEffect } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useEditor } from '../../_lib/editor-store';
import { FIT_VIEW } from '../../_lib/fit';

const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName) || !!t.closest('[role="dialog"]'));

/** Canvas keyboard: Ctrl/Cmd+Z undo, Ctrl/Cmd+Shift+Z or Ctrl+Y redo (not when read-only), F zoom to fit (Delete is React Flow's). */
export function useEditorKeys(readOnly: boolean) {
  const { fitView } = useReactFlow();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e.target)) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (readOnly && mod) return;
      if (mod && key === 'z' && !e.shiftKey) {
        e.preventDefault();
        useEditor.getState().undo();
      } else if (mod && ((key === 'z' && e.shiftKey) || key === 'y')) {
        e.preventDefault();
        useEditor.getState().redo();
      } else if (!mod && !e.altKey && key === 'f') {
        e.preventDefault();
        void fitView({ ...FIT_VIEW, duration: 200 });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [fitView, readOnly]);
}
