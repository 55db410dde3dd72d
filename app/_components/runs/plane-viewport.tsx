'use client';
import { useEffect, useRef, useState } from 'react';
import { imageIdOf } from '../../_lib/cornerstone-loader';
import { crosshairAt, displayOf, voxelOf } from '../../_lib/plane-frame';
import { drawPlane, imageBox, type PlaneViewportProps } from './plane-draw';

export type { Voi } from './plane-draw';

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
    if (el.current && overlay.current && crossCanvas.current) drawPlane(cs, el.current, overlay.current, crossCanvas.current, frame, props.current);
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

  useEffect(() => drawRef.current(), [p.opacity, p.labels, p.reference, p.colours, p.hidden, col, row]);

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
      const { a, b } = imageBox(cs, host, frame);
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
