'use client';
import { useEffect, useMemo, useState } from 'react';
import type { VolumeValue } from '../../../runtimes/core/values';
import type { DisplayDefaults } from '../../../runtimes/imaging/dicom/display-defaults';
import { forgetVolume, loadCornerstone, registerVolume } from '../../_lib/cornerstone-loader';
import { VOI_PRESETS } from '../../_lib/display-window';
import { planeFrame, PLANES, type Ijk } from '../../_lib/plane-frame';
import { labelCentroidVoxel, type LabelGrid } from '../../_lib/volumes';
import { Button } from '../ui/button';
import { Slider } from '../ui/slider';
import { LabelLegend, type LegendEntry } from './label-legend';
import { LayerLegend, type Layer } from './layer-legend';
import { PlaneViewport, type Voi } from './plane-viewport';

type Cs = Awaited<ReturnType<typeof loadCornerstone>>;

/**
 * Axial, coronal and sagittal planes of the scan (radiological display) with the label overlay
 * and a linked crosshair, starting at the labels' centroid; a legend to hide/show each label,
 * overlay opacity, window/level presets or drag (applied to the three planes), reset.
 */
export function ThreePlaneViewer({ volumeKey, image, labels, reference, legend, colours, display, cross: sharedCross, onCross: setSharedCross }: {
  volumeKey: string;
  image: VolumeValue;
  labels?: LabelGrid;
  /** A reference label map drawn as outlines over the labels (evaluation cases); adds a reference/prediction legend. */
  reference?: LabelGrid;
  /** Controlled crosshair, for viewers whose slices move together (the A/B page); else the viewer keeps its own. */
  cross?: Ijk;
  onCross?: (v: Ijk) => void;
  legend: LegendEntry[];
  colours?: Map<number, [number, number, number]>;
  display?: DisplayDefaults | null;
}) {
  const [cs, setCs] = useState<Cs | null>(null);
  const frames = useMemo(() => PLANES.map((p) => planeFrame(image.geometry, p)), [image]);
  const [ownCross, setOwnCross] = useState<Ijk>(() => (labels ? labelCentroidVoxel(labels, image.geometry) : (image.geometry.dims.map((d) => Math.floor(d / 2)) as Ijk)));
  const cross = sharedCross ?? ownCross;
  const setCross = setSharedCross ?? setOwnCross;
  const [layers, setLayers] = useState<Record<Layer, boolean>>({ reference: true, prediction: true });
  const [opacity, setOpacity] = useState(0.5);
  const [hidden, setHidden] = useState<ReadonlySet<number>>(new Set());
  const [voi, setVoi] = useState<Voi | null>(null);
  const [resetToken, setResetToken] = useState(0);

  useEffect(() => {
    let cancelled = false;
    registerVolume(volumeKey, image, display);
    void loadCornerstone().then((c) => !cancelled && setCs(() => c));
    return () => {
      cancelled = true;
      setCs(null);
      forgetVolume(volumeKey);
    };
  }, [volumeKey, image, display]);

  const toggle = (value: number) => setHidden((h) => {
    const next = new Set(h);
    if (!next.delete(value)) next.add(value);
    return next;
  });
  const reset = () => {
    setVoi(null);
    setResetToken((t) => t + 1);
  };

  return (
    <div className="flex flex-col gap-3" data-testid="viewer">
      <div className="grid gap-2 md:grid-cols-3">
        {cs
          ? frames.map((f) => (
              <PlaneViewport key={f.plane} cs={cs} volumeKey={volumeKey} frame={f} image={image.geometry} labels={layers.prediction ? labels : undefined} reference={layers.reference ? reference : undefined} colours={colours} hidden={hidden} opacity={opacity} cross={cross} voi={voi} resetToken={resetToken} onCross={setCross} onVoi={setVoi} />
            ))
          : <div className="col-span-3 flex h-64 items-center justify-center rounded-md bg-black text-xs text-slate-400">Preparing viewer…</div>}
      </div>
      {reference ? <LayerLegend shown={layers} onToggle={(l) => setLayers((s) => ({ ...s, [l]: !s[l] }))} /> : null}
      {labels ? <LabelLegend entries={legend} colours={colours} hidden={hidden} onToggle={toggle} /> : null}
      <div className="grid grid-cols-[5rem_1fr_3rem] items-center gap-x-3 text-xs text-slate-600">
        <span>Opacity</span>
        <Slider aria-label="Overlay opacity" data-testid="opacity-slider" min={0} max={1} step={0.05} value={opacity} onValueChange={setOpacity} />
        <span className="text-right font-mono">{Math.round(opacity * 100)}%</span>
      </div>
      <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
        <span className="w-20">Window</span>
        {VOI_PRESETS.map((p) => (
          <Button key={p.name} size="sm" variant={voi?.c === p.level && voi.w === p.width ? 'secondary' : 'ghost'} data-testid={`preset-${p.name}`} onClick={() => setVoi({ c: p.level, w: p.width })}>
            {p.name}
          </Button>
        ))}
        <Button size="sm" variant="ghost" onClick={reset}>Reset view</Button>
        <span className="ml-auto font-mono text-[11px] text-slate-400">{voi ? `W ${Math.round(voi.w)} · L ${Math.round(voi.c)}` : 'Initial window'}</span>
      </div>
      <p className="text-[11px] text-slate-400">Click: move the crosshair · wheel: slice · drag: window/level</p>
    </div>
  );
}
