'use client';
import { useEffect, useRef, useState } from 'react';
import type { Geometry } from '../../../runtimes/core/values';
import { imageIdOf, type loadCornerstone } from '../../_lib/cornerstone-loader';
import { colourise, labelSliceInImageGrid } from '../../_lib/overlay';
import { crosshairAt, displayOf, voxelOf, type Ijk, type PlaneFrame } from '../../_lib/plane-frame';
import type { LabelGrid } from '../../_lib/volumes';

type Cs = Awaited<ReturnType<typeof loadCornerstone>>;
export interface Voi { c: number; w: number }

export interface PlaneViewportProps {
  cs: Cs;
  volumeKey: string;
  frame: PlaneFrame;
  image: Geometry;
  labels?: LabelGrid;
  colours?: Map<number, [number, number, number]>;
  hidden: ReadonlySet<number>;
  opacity: number;
  /** Crosshair voxel of the image grid, shared by the three planes. */
  cross: Ijk;
  voi: Voi | null;
  resetToken: number;
  onCross: (v: Ijk) => void;
  onVoi: (v: Voi) => void;
}

/**
 * One plane on a cornerstone-core element: the slice through the crosshair voxel, the label
 * overlay and the crosshair on canvases placed with cornerstone's pixel->canvas transform.
 * Click: move the crosshair (the other planes follow); drag: window/level; wheel: slice.
 */
export function PlaneViewport(p: PlaneViewportProps) {
  const { cs, frame } = p;
  const el = useRef<HTMLDivElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const crossCanvas = useRef<HTMLCanvasElement>(null);
  const [ready, setReady] = useState(false);
  const [col, row, slice] = displayOf(frame, p.cross);
  const props = useRef(p);
  props.current = p;

  const draw = () => {
    const host = el.current;
    if (!host || !overlay.current || !crossCanvas.current || !cs.getEnabledElement(host).image) return;
    const { labels, colours, hidden, opacity, image } = props.current;
    const [nx, ny] = frame.size;
    const [c, r, s] = displayOf(frame, props.current.cross);
    const base = cs.getEnabledElement(host).canvas;
    const a = cs.pixelToCanvas(host, { x: 0, y: 0 });
    const b = cs.pixelToCanvas(host, { x: nx, y: ny });
    for (const canvas of [overlay.current, crossCanvas.current]) {
      if (canvas.width !== base.width || canvas.height !== base.height) [canvas.width, canvas.height] = [base.width, base.height];
      canvas.getContext('2d')!.clearRect(0, 0, canvas.width, canvas.height);
    }
    if (labels) {
      const off = new OffscreenCanvas(nx, ny);
      off.getContext('2d')!.putImageData(new ImageData(colourise(labelSliceInImageGrid(image, frame, labels, s), colours, hidden), nx, ny), 0, 0);
      const ctx = overlay.current.getContext('2d')!;
      ctx.imageSmoothingEnabled = false;
      ctx.globalAlpha = opacity;
      ctx.drawImage(off, a.x, a.y, b.x - a.x, b.y - a.y);
    }
    const ctx = crossCanvas.current.getContext('2d')!;
    const x = a.x + ((c + 0.5) * (b.x - a.x)) / nx;
    const y = a.y + ((r + 0.5) * (b.y - a.y)) / ny;
    ctx.strokeStyle = 'rgba(250, 204, 21, 0.8)';
    ctx.beginPath();
    ctx.moveTo(x, a.y); ctx.lineTo(x, b.y); ctx.moveTo(a.x, y); ctx.lineTo(b.x, y);
    ctx.stroke();
  };
  const drawRef = useRef(draw);
  drawRef.current = draw;

  useEffect(() => {
    const host = el.current!;
    cs.enable(host);
    const onRendered = () => drawRef.current();
    host.addEventListener(cs.EVENTS.IMAGE_RENDERED, onRendered);
    const ro = new ResizeObserver(() => cs.getEnabledElement(host).image && cs.resize(host, true));
    ro.observe(host);
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const [c, r, s] = displayOf(frame, props.current.cross);
      const next = Math.min(frame.size[2] - 1, Math.max(0, s + (e.deltaY > 0 ? 1 : -1)));
      props.current.onCross(voxelOf(frame, c, r, next));
    };
    host.addEventListener('wheel', onWheel, { passive: false });
    setReady(true);
    return () => {
      ro.disconnect();
      host.removeEventListener('wheel', onWheel);
      host.removeEventListener(cs.EVENTS.IMAGE_RENDERED, onRendered);
      cs.disable(host);
    };
  }, [cs, frame]);

  useEffect(() => {
    const host = el.current!;
    if (!ready) return;
    void cs.loadImage(imageIdOf(p.volumeKey, frame.plane, slice)).then((img) => {
      const shown = cs.getEnabledElement(host).image;
      const vp = shown ? cs.getViewport(host) : cs.getDefaultViewportForImage(host, img);
      const voi = props.current.voi;
      cs.displayImage(host, img, vp && voi ? { ...vp, voi: { windowCenter: voi.c, windowWidth: voi.w } } : vp);
    });
  }, [ready, slice, p.volumeKey, cs, frame]);

  useEffect(() => {
    const host = el.current!;
    const vp = ready && cs.getEnabledElement(host).image ? cs.getViewport(host) : undefined;
    if (vp && p.voi) cs.setViewport(host, { ...vp, voi: { windowCenter: p.voi.c, windowWidth: p.voi.w } });
  }, [p.voi, ready, cs]);

  useEffect(() => {
    if (ready && p.resetToken && cs.getEnabledElement(el.current!).image) cs.reset(el.current!);
  }, [p.resetToken, ready, cs]);

  useEffect(() => drawRef.current(), [p.opacity, p.labels, p.colours, p.hidden, col, row]);

  const onPointerDown = (e: React.PointerEvent) => {
    const host = el.current!;
    const vp = cs.getEnabledElement(host).image ? cs.getViewport(host) : undefined;
    if (!vp || e.button !== 0) return;
    host.setPointerCapture(e.pointerId);
    const start = { x: e.clientX, y: e.clientY };
    let last = start;
    let dragged = false;
    const move = (ev: PointerEvent) => {
      dragged ||= Math.hypot(ev.clientX - start.x, ev.clientY - start.y) > 3;
      if (!dragged) return;
      // Sensitivity scales with the current width so fine and coarse windows both feel usable.
      const step = Math.max(vp.voi.windowWidth / 256, 0.01);
      vp.voi.windowWidth = Math.max(step, vp.voi.windowWidth + (ev.clientX - last.x) * step);
      vp.voi.windowCenter += (ev.clientY - last.y) * step;
      last = { x: ev.clientX, y: ev.clientY };
      props.current.onVoi({ c: vp.voi.windowCenter, w: vp.voi.windowWidth });
    };
    const up = (ev: PointerEvent) => {
      host.removeEventListener('pointermove', move);
      host.removeEventListener('pointerup', up);
      if (dragged) return;
      const rect = host.getBoundingClientRect();
      const [nx, ny] = frame.size;
      const a = cs.pixelToCanvas(host, { x: 0, y: 0 });
      const b = cs.pixelToCanvas(host, { x: nx, y: ny });
      const px = ((ev.clientX - rect.left - a.x) * nx) / (b.x - a.x);
      const py = ((ev.clientY - rect.top - a.y) * ny) / (b.y - a.y);
      props.current.onCross(crosshairAt(frame, px, py, displayOf(frame, props.current.cross)[2]));
    };
    host.addEventListener('pointermove', move);
    host.addEventListener('pointerup', up);
  };

  return (
    <div className="relative aspect-square w-full overflow-hidden rounded-md bg-black select-none" data-testid={`viewport-${frame.plane}`} data-slice={slice} data-col={col} data-row={row}>
      <div ref={el} className="absolute inset-0 cursor-crosshair" onPointerDown={onPointerDown} onContextMenu={(e) => e.preventDefault()} />
      <canvas ref={overlay} data-testid={`overlay-${frame.plane}`} className="pointer-events-none absolute inset-0 h-full w-full" />
      <canvas ref={crossCanvas} className="pointer-events-none absolute inset-0 h-full w-full" />
      <div className="pointer-events-none absolute top-2 left-2 font-mono text-[11px] text-slate-200/90 capitalize">
        {frame.plane} {slice + 1}/{frame.size[2]}
      </div>
    </div>
  );
}
