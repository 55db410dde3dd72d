'use client';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { VolumeValue } from '../../../runtimes/core/values';
import type { DisplayDefaults } from '../../../runtimes/imaging/dicom/display-defaults';
import { forgetVolume, imageIdOf, loadCornerstone, registerVolume } from '../../_lib/cornerstone-loader';
import { axialFrame } from '../../_lib/axial-frame';
import { colourise, labelSliceInImageGrid } from '../../_lib/overlay';
import { labelCentroidSlice } from '../../_lib/volumes';
import { Slider } from '../ui/slider';
import { Button } from '../ui/button';

type Cs = Awaited<ReturnType<typeof loadCornerstone>>;

/**
 * Axial slice viewer on cornerstone-core: the scan through a custom `studio:` image loader,
 * the label map on a second canvas placed with cornerstone's pixel->canvas transform (so it
 * follows zoom/pan/flip), resampled into the image grid through both geometries.
 * Wheel / slider: slice; left drag: window/level; double click: reset (to `display`'s DICOM
 * window and MONOCHROME1 inversion when given, else the volume's range).
 */
export function SliceViewer({ volumeKey, image, labels, colours, display }: { volumeKey: string; image: VolumeValue; labels?: VolumeValue; colours?: Map<number, [number, number, number]>; display?: DisplayDefaults | null }) {
  const el = useRef<HTMLDivElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const cs = useRef<Cs | null>(null);
  // True axial display frame (reslices LIA/RAS/... files); the loader uses the same frame.
  const frame = useMemo(() => axialFrame(image.geometry), [image]);
  const nz = frame.size[2];
  const initial = useMemo(() => (labels ? labelCentroidSlice(labels, image.geometry, frame) : Math.floor(nz / 2)), [labels, image, frame, nz]);
  const [k, setK] = useState(initial);
  const [opacity, setOpacity] = useState(0.5);
  const [ready, setReady] = useState(false);
  const [voi, setVoi] = useState<{ c: number; w: number } | null>(null);
  const state = useRef({ k, opacity, labels, colours, frame });
  state.current = { k, opacity, labels, colours, frame };

  const drawOverlay = () => {
    const c = cs.current;
    const host = el.current;
    const canvas = overlay.current;
    if (!c || !host || !canvas) return;
    const base = c.getEnabledElement(host).canvas;
    if (base && (canvas.width !== base.width || canvas.height !== base.height)) [canvas.width, canvas.height] = [base.width, base.height];
    const ctx = canvas.getContext('2d')!;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    const { labels: lab, k: slice, opacity: alpha, colours: col, frame: f } = state.current;
    if (!lab) return;
    const [nx, ny] = f.size;
    const rgba = colourise(labelSliceInImageGrid(image.geometry, f, lab, slice), col);
    const off = new OffscreenCanvas(nx, ny);
    off.getContext('2d')!.putImageData(new ImageData(rgba, nx, ny), 0, 0);
    // Image pixel corners in canvas space carry scale, translation and flips of the viewport.
    const a = c.pixelToCanvas(host, { x: 0, y: 0 });
    const b = c.pixelToCanvas(host, { x: nx, y: ny });
    ctx.imageSmoothingEnabled = false;
    ctx.globalAlpha = alpha;
    ctx.drawImage(off, a.x, a.y, b.x - a.x, b.y - a.y);
  };

  useEffect(() => {
    let cancelled = false;
    const host = el.current!;
    registerVolume(volumeKey, image, display);
    const onRendered = () => {
      drawOverlay();
      const vp = cs.current?.getViewport(host);
      if (vp) setVoi({ c: vp.voi.windowCenter, w: vp.voi.windowWidth });
    };
    const ro = new ResizeObserver(() => cs.current?.resize(host, true));
    void loadCornerstone().then(async (c) => {
      if (cancelled) return;
      c.enable(host);
      cs.current = c;
      host.addEventListener(c.EVENTS.IMAGE_RENDERED, onRendered);
      const img = await c.loadImage(imageIdOf(volumeKey, state.current.k));
      c.displayImage(host, img, c.getDefaultViewportForImage(host, img));
      ro.observe(host);
      setReady(true);
    });
    return () => {
      cancelled = true;
      ro.disconnect();
      if (cs.current) {
        host.removeEventListener(cs.current.EVENTS.IMAGE_RENDERED, onRendered);
        cs.current.disable(host);
      }
      forgetVolume(volumeKey);
    };
  }, [volumeKey, image, display]); // one cornerstone element per volume; drawOverlay reads refs

  useEffect(() => {
    const c = cs.current;
    const host = el.current;
    if (!ready || !c || !host) return;
    void c.loadImage(imageIdOf(volumeKey, k)).then((img) => c.displayImage(host, img, c.getViewport(host)));
  }, [k, ready, volumeKey]);

  useEffect(() => {
    if (ready) drawOverlay();
  }, [opacity, labels, colours, ready]);

  // Wheel scrolls slices; needs a non-passive listener to stop the page from scrolling.
  useEffect(() => {
    const host = el.current!;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      setK((v) => Math.min(nz - 1, Math.max(0, v + (e.deltaY > 0 ? 1 : -1))));
    };
    host.addEventListener('wheel', onWheel, { passive: false });
    return () => host.removeEventListener('wheel', onWheel);
  }, [nz]);

  const onPointerDown = (e: React.PointerEvent) => {
    const c = cs.current;
    const host = el.current;
    if (!c || !host || e.button !== 0) return;
    host.setPointerCapture(e.pointerId);
    let last = { x: e.clientX, y: e.clientY };
    const move = (ev: PointerEvent) => {
      const vp = c.getViewport(host);
      if (!vp) return;
      // Sensitivity scales with the current width so fine and coarse windows both feel usable.
      const step = Math.max(vp.voi.windowWidth / 256, 0.01);
      vp.voi.windowWidth = Math.max(step, vp.voi.windowWidth + (ev.clientX - last.x) * step);
      vp.voi.windowCenter += (ev.clientY - last.y) * step;
      last = { x: ev.clientX, y: ev.clientY };
      c.setViewport(host, vp);
    };
    const up = () => {
      host.removeEventListener('pointermove', move);
      host.removeEventListener('pointerup', up);
    };
    host.addEventListener('pointermove', move);
    host.addEventListener('pointerup', up);
  };

  return (
    <div className="flex flex-col gap-3">
      <div className="relative h-[min(68vh,720px)] min-h-80 w-full overflow-hidden rounded-md bg-black select-none">
        <div
          ref={el}
          data-testid="viewer"
          className="absolute inset-0 cursor-crosshair"
          onPointerDown={onPointerDown}
          onDoubleClick={() => cs.current && el.current && cs.current.reset(el.current)}
          onContextMenu={(e) => e.preventDefault()}
        />
        <canvas ref={overlay} data-overlay data-testid="overlay" className="pointer-events-none absolute inset-0 h-full w-full" />
        <div className="pointer-events-none absolute top-2 left-2 font-mono text-[11px] leading-tight text-slate-200/90">
          <div>Axial {k + 1}/{nz}</div>
          {voi ? <div>W {Math.round(voi.w)} · L {Math.round(voi.c)}</div> : null}
        </div>
        {!ready ? <div className="absolute inset-0 flex items-center justify-center text-xs text-slate-400">Preparing viewer…</div> : null}
      </div>
      <div className="grid grid-cols-[5rem_1fr_3rem] items-center gap-x-3 gap-y-2 text-xs text-slate-600">
        <span>Slice</span>
        <Slider aria-label="Slice" data-testid="slice-slider" min={0} max={nz - 1} value={k} onValueChange={setK} />
        <span className="text-right font-mono">{k + 1}</span>
        <span>Opacity</span>
        <Slider aria-label="Overlay opacity" data-testid="opacity-slider" min={0} max={1} step={0.05} value={opacity} onValueChange={setOpacity} />
        <span className="text-right font-mono">{Math.round(opacity * 100)}%</span>
      </div>
      <div className="flex items-center justify-between text-[11px] text-slate-400">
        <span>Wheel: slice · drag: window/level · double-click: reset</span>
        <Button size="sm" variant="ghost" onClick={() => cs.current && el.current && cs.current.reset(el.current)}>Reset view</Button>
      </div>
    </div>
  );
}
