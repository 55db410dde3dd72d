import type { Geometry } from '../../../runtimes/core/values';
import type { loadCornerstone } from '../../_lib/cornerstone-loader';
import { colourise, labelSliceInImageGrid } from '../../_lib/overlay';
import { outlineRgba, REFERENCE_OUTLINE } from '../../_lib/outline';
import { displayOf, type Ijk, type PlaneFrame } from '../../_lib/plane-frame';
import type { LabelGrid } from '../../_lib/volumes';

export type Cs = Awaited<ReturnType<typeof loadCornerstone>>;
export interface Voi { c: number; w: number }

export interface PlaneViewportProps {
  cs: Cs;
  volumeKey: string;
  frame: PlaneFrame;
  image: Geometry;
  labels?: LabelGrid;
  /** A second label map drawn as outlines (an evaluation's reference), on its own geometry. */
  reference?: LabelGrid;
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


/** Canvas corners of the displayed image: they carry the viewport's scale, translation and flips. */
export function imageBox(cs: Cs, host: HTMLElement, frame: PlaneFrame) {
  return { a: cs.pixelToCanvas(host, { x: 0, y: 0 }), b: cs.pixelToCanvas(host, { x: frame.size[0], y: frame.size[1] }) };
}

/** The label overlay of the plane's current slice and the crosshair, over cornerstone's canvas. */
export function drawPlane(cs: Cs, host: HTMLElement, overlay: HTMLCanvasElement, cross: HTMLCanvasElement, frame: PlaneFrame, p: PlaneViewportProps) {
  const enabled = cs.getEnabledElement(host);
  if (!enabled.image) return;
  const [nx, ny] = frame.size;
  const [c, r, s] = displayOf(frame, p.cross);
  const { a, b } = imageBox(cs, host, frame);
  for (const canvas of [overlay, cross]) {
    if (canvas.width !== enabled.canvas.width || canvas.height !== enabled.canvas.height) [canvas.width, canvas.height] = [enabled.canvas.width, enabled.canvas.height];
    canvas.getContext('2d')!.clearRect(0, 0, canvas.width, canvas.height);
  }
  if (p.labels) {
    const off = new OffscreenCanvas(nx, ny);
    off.getContext('2d')!.putImageData(new ImageData(colourise(labelSliceInImageGrid(p.image, frame, p.labels, s), p.colours, p.hidden), nx, ny), 0, 0);
    const ctx = overlay.getContext('2d')!;
    ctx.imageSmoothingEnabled = false;
    ctx.globalAlpha = p.opacity;
    ctx.drawImage(off, a.x, a.y, b.x - a.x, b.y - a.y);
  }
  if (p.reference) {
    const off = new OffscreenCanvas(nx, ny);
    off.getContext('2d')!.putImageData(new ImageData(outlineRgba(labelSliceInImageGrid(p.image, frame, p.reference, s), nx, ny, REFERENCE_OUTLINE), nx, ny), 0, 0);
    const ctx = overlay.getContext('2d')!;
    ctx.imageSmoothingEnabled = false;
    ctx.globalAlpha = 1;
    ctx.drawImage(off, a.x, a.y, b.x - a.x, b.y - a.y);
  }
  const ctx = cross.getContext('2d')!;
  const x = a.x + ((c + 0.5) * (b.x - a.x)) / nx;
  const y = a.y + ((r + 0.5) * (b.y - a.y)) / ny;
  ctx.strokeStyle = 'rgba(250, 204, 21, 0.8)';
  ctx.beginPath();
  ctx.moveTo(x, a.y);
  ctx.lineTo(x, b.y);
  ctx.moveTo(a.x, y);
  ctx.lineTo(b.x, y);
  ctx.stroke();
}
