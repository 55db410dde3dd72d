'use client';
import { useEffect, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { VolumeValue } from '../../../runtimes/core/values';
import type { DisplayDefaults } from '../../../runtimes/imaging/dicom/display-defaults';
import { fetchScanDisplay } from '../../_lib/display-window';
import { labelVolumes } from '../../_lib/overlay';
import { labelCentroidVoxel, fetchNifti, type LabelGrid } from '../../_lib/volumes';
import type { Ijk } from '../../_lib/plane-frame';
import { useTRPC } from '../../_lib/trpc';
import { fetchLabels, labelArtifactOf, referenceUrl } from '../runs/run-results';
import { ThreePlaneViewer } from '../runs/three-plane-viewer';
import { ErrorState, LoadingState } from '../ui/states';

interface Loaded { image: VolumeValue; display: DisplayDefaults | null; a: LabelGrid | null; b: LabelGrid | null; reference: LabelGrid }

/**
 * Both versions' outputs on one scan, side by side, the case's reference outlined on each; one
 * crosshair state drives both viewers, so a slice change in either shows the same slice in both.
 */
export function AbViewer({ scanId, runA, runB, evaluationId, caseKey, labelA, labelB, names }: { scanId: string; runA: string; runB: string; evaluationId: string; caseKey: string; labelA: string; labelB: string; names?: Map<number, { name: string }> }) {
  const trpc = useTRPC();
  const a = useQuery(trpc.runs.get.queryOptions({ id: runA }, { staleTime: Infinity }));
  const b = useQuery(trpc.runs.get.queryOptions({ id: runB }, { staleTime: Infinity }));
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [cross, setCross] = useState<Ijk | null>(null);
  const [error, setError] = useState<string | null>(null);
  const artA = a.data ? labelArtifactOf(a.data.artifacts) : undefined;
  const artB = b.data ? labelArtifactOf(b.data.artifacts) : undefined;
  const ready = !!a.data && !!b.data;

  useEffect(() => {
    if (!ready) return;
    const ac = new AbortController();
    setLoaded(null);
    setError(null);
    Promise.all([
      fetchNifti(`/api/scans/${scanId}/volume`, ac.signal),
      fetchScanDisplay(scanId, ac.signal),
      fetchLabels(artA, ac.signal),
      fetchLabels(artB, ac.signal),
      fetchNifti(referenceUrl({ evaluationId, caseKey }), ac.signal),
    ]).then(
      ([image, display, la, lb, reference]) => {
        setCross(labelCentroidVoxel(reference, image.geometry));
        setLoaded({ image, display, a: la, b: lb, reference });
      },
      (e: Error) => !ac.signal.aborted && setError(e.message),
    );
    return () => ac.abort();
  }, [ready, scanId, artA?.sha256, artB?.sha256, evaluationId, caseKey]); // artifacts are identified by content hash

  const legends = useMemo(() => {
    const entries = (l: LabelGrid | null | undefined) => (l ? labelVolumes(l.data, l.geometry.spacing).map((r) => ({ value: r.value, name: names?.get(r.value)?.name ?? r.name })) : []);
    return { a: entries(loaded?.a), b: entries(loaded?.b) };
  }, [loaded, names]);

  if (error || a.error || b.error) return <ErrorState title="Could not load the two outputs" message={error ?? a.error?.message ?? b.error?.message ?? ''} />;
  if (!loaded || !cross) return <LoadingState label="Loading the scan and both outputs…" />;
  const side = (which: 'a' | 'b', labels: LabelGrid | null, title: string) => (
    <div data-testid={`ab-viewer-${which}`} data-slice-k={cross[2]}>
      <p className="mb-2 text-xs font-medium text-slate-700">{title}</p>
      <ThreePlaneViewer volumeKey={`ab-${which}-${scanId}-${caseKey}`} image={loaded.image} display={loaded.display} labels={labels ?? undefined} reference={loaded.reference} legend={legends[which]} cross={cross} onCross={setCross} />
    </div>
  );
  return (
    <div className="grid gap-4 lg:grid-cols-2" data-testid="ab-viewers">
      {side('a', loaded.a, labelA)}
      {side('b', loaded.b, labelB)}
    </div>
  );
}
