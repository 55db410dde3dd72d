'use client';
import { useEffect, useState } from 'react';
import type { VolumeValue } from '../../../runtimes/core/values';
import type { DicomJson } from '../../../domain/dicom/json';
import { textOf, TAGS } from '../../../domain/dicom/json';
import { readDicomSeriesAsync } from '../../../runtimes/imaging/dicom/series-async';
import { setupBrowserRuntime } from '../../_lib/browser-runtime';
import { multipartBodies } from '../../_lib/multipart';
import { ThreePlaneViewer } from '../runs/three-plane-viewer';
import { Button } from '../ui/button';
import { ErrorState, LoadingState, PageHeader } from '../ui/states';

const ROOT = '/api/dicomweb';

async function json<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/dicom+json' } });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** The series' instances over WADO-RS (multipart/related), read into one volume in the browser. */
async function loadSeries(study: string, series: string): Promise<VolumeValue> {
  const res = await fetch(`${ROOT}/studies/${encodeURIComponent(study)}/series/${encodeURIComponent(series)}`, { headers: { accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' } });
  if (!res.ok) throw new Error(`WADO-RS: HTTP ${res.status}`);
  setupBrowserRuntime(); // the DICOM codecs' wasm, for compressed instances
  const files = multipartBodies(new Uint8Array(await res.arrayBuffer()), res.headers.get('content-type') ?? '');
  return (await readDicomSeriesAsync(files)).volume;
}

/**
 * A study as a DICOMweb client sees it: its series from QIDO-RS, and the chosen series retrieved
 * with WADO-RS and shown in the three-plane viewer (the page a viewer link or a PACS points at).
 */
export function StudyViewer({ study }: { study: string }) {
  const [series, setSeries] = useState<DicomJson[] | null>(null);
  const [open, setOpen] = useState<{ uid: string; volume?: VolumeValue } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    json<DicomJson[]>(`${ROOT}/studies/${encodeURIComponent(study)}/series`).then(setSeries, (e: Error) => setError(e.message));
  }, [study]);
  const show = (uid: string) => {
    setOpen({ uid });
    loadSeries(study, uid).then((volume) => setOpen({ uid, volume }), (e: Error) => setError(e.message));
  };
  if (error) return <ErrorState message={error} />;
  if (!series) return <LoadingState />;
  return (
    <div className="flex flex-col gap-4">
      <PageHeader title={`Study ${study}`} description="Series found by QIDO-RS; a series opens over WADO-RS." />
      <ul className="flex flex-col gap-2" data-testid="study-series">
        {series.map((s) => {
          const uid = textOf(s, TAGS.SeriesInstanceUID);
          return (
            <li key={uid} className="flex items-center gap-3">
              <Button variant="secondary" onClick={() => show(uid)} data-testid="open-series">
                {textOf(s, TAGS.Modality) || '?'} {textOf(s, TAGS.SeriesDescription) || uid}
              </Button>
              <span className="text-sm text-muted-foreground">{textOf(s, '00201209')} instances</span>
            </li>
          );
        })}
      </ul>
      {open && !open.volume && <LoadingState label="Retrieving the series…" />}
      {open?.volume && <ThreePlaneViewer volumeKey={`wado:${open.uid}`} image={open.volume} legend={[]} />}
    </div>
  );
}
