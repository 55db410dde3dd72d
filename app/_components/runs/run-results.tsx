'use client';
import { useEffect, useMemo, useState } from 'react';
import type { VolumeValue } from '../../../runtimes/core/values';
import type { DisplayDefaults } from '../../../runtimes/imaging/dicom/display-defaults';
import { fetchScanDisplay } from '../../_lib/display-window';
import { labelColour, labelVolumes } from '../../_lib/overlay';
import type { LabelInfo } from '../../_lib/label-names';
import type { RunArtifact } from '../../_lib/types';
import { fetchNifti, fetchSegLabels, type LabelGrid } from '../../_lib/volumes';
import { Card, CardBody, CardHeader, CardTitle, CardDescription } from '../ui/card';
import { EmptyState, ErrorState, LoadingState } from '../ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';
import { blobUrl } from './outputs-list';
import { ThreePlaneViewer } from './three-plane-viewer';

export interface VolumeRow {
  value: number;
  name: string;
  voxels: number;
  volumeMl: number;
  color?: [number, number, number];
}

const isLabelMap = (a: RunArtifact) => /\.nii(\.gz)?$/i.test(a.name);
const isSeg = (a: RunArtifact) => a.mediaType === 'application/dicom';

/** The run's label output: its NIfTI label map, else its DICOM SEG. */
export const labelArtifactOf = (artifacts: RunArtifact[]) => artifacts.find(isLabelMap) ?? artifacts.find(isSeg);

/** The NIfTI label map when the run wrote one, else its DICOM SEG read back on the SEG's grid. */
export function fetchLabels(a: RunArtifact | undefined, signal: AbortSignal): Promise<LabelGrid | null> {
  if (!a) return Promise.resolve(null);
  return isLabelMap(a) ? fetchNifti(blobUrl(a), signal) : fetchSegLabels(blobUrl(a), signal);
}

/** An evaluation case whose reference the viewer outlines over the run's labels. */
export interface CaseRef { evaluationId: string; caseKey: string }
export const referenceUrl = (r: CaseRef) => `/api/evaluations/${encodeURIComponent(r.evaluationId)}/cases/${encodeURIComponent(r.caseKey)}/reference.nii.gz`;

/** Viewer (scan + label overlay, and an evaluation case's reference outlined when given) and the label volume table of a finished run. */
export function RunResults({ scanId, artifacts, names, reference }: { scanId: string; artifacts: RunArtifact[]; names: Map<number, LabelInfo>; reference?: CaseRef }) {
  const labelArtifact = labelArtifactOf(artifacts);
  const reportArtifact = artifacts.find((a) => a.mediaType.includes('json'));
  const [image, setImage] = useState<VolumeValue | null>(null);
  const [display, setDisplay] = useState<DisplayDefaults | null>(null);
  const [labels, setLabels] = useState<LabelGrid | null>(null);
  const [refGrid, setRefGrid] = useState<LabelGrid | null>(null);
  const [report, setReport] = useState<VolumeRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const ac = new AbortController();
    setError(null);
    Promise.all([
      fetchNifti(`/api/scans/${scanId}/volume`, ac.signal),
      fetchLabels(labelArtifact, ac.signal),
      reportArtifact ? fetch(blobUrl(reportArtifact), { signal: ac.signal }).then((r) => (r.ok ? r.json() : null)) : Promise.resolve(null),
      fetchScanDisplay(scanId, ac.signal),
      reference ? fetchNifti(referenceUrl(reference), ac.signal) : Promise.resolve(null),
    ]).then(
      ([img, lab, rep, disp, ref]) => {
        setRefGrid(ref);
        setDisplay(disp);
        setImage(img);
        setLabels(lab);
        // Report artifact of post.label-volumes: {kind: 'label-volumes', labels: [{value,name,voxels,volumeMl}]}.
        if (rep && rep.kind === 'label-volumes' && Array.isArray(rep.labels)) setReport(rep.labels as VolumeRow[]);
      },
      (e: Error) => !ac.signal.aborted && setError(e.message),
    );
    return () => ac.abort();
  }, [scanId, labelArtifact?.sha256, reportArtifact?.sha256, reference?.evaluationId, reference?.caseKey]); // artifacts are identified by content hash

  if (error) return <ErrorState title="Could not load the result images" message={error} />;
  return (
    <ResultPanels
      viewerKey={`${scanId}-${labelArtifact?.sha256 ?? 'none'}${reference ? '-ref' : ''}`}
      reference={refGrid ?? undefined}
      image={image}
      display={display}
      labels={labels}
      expectLabels={!!labelArtifact}
      report={report}
      names={names}
      caption={reference ? `Reference of case ${reference.caseKey} (outlined) and ${labelArtifact?.name ?? 'the prediction'} (filled)` : labelArtifact ? `${labelArtifact.name}${isSeg(labelArtifact) ? ' (DICOM SEG)' : ''} over the scan` : 'No label map output: showing the scan only'}
    />
  );
}

/**
 * The viewer and label volume table over already loaded volumes: shared by server runs
 * (loaded from blobs) and browser runs (kept in page memory).
 */
export function ResultPanels({ viewerKey, image, display, labels, reference, expectLabels, report, names, caption }: {
  viewerKey: string;
  reference?: LabelGrid;
  image: VolumeValue | null;
  /** DICOM window/level + MONOCHROME1 of the scan; absent: min..max of the volume. */
  display?: DisplayDefaults | null;
  labels: LabelGrid | null;
  expectLabels: boolean;
  report: VolumeRow[] | null;
  names: Map<number, LabelInfo>;
  caption: string;
}) {
  // Names/colours: the report's, else the label file's own (SEG segments), else the pipeline version's.
  const rows: VolumeRow[] = useMemo(() => {
    const base: VolumeRow[] = report ? report.filter((r) => r.value !== 0) : labels ? labelVolumes(labels.data, labels.geometry.spacing) : [];
    const own = new Map((labels?.labels ?? []).map((l) => [l.value, l]));
    const info = (v: number) => own.get(v) ?? names.get(v);
    return base.map((r) => ({ ...r, name: report ? r.name : (info(r.value)?.name ?? r.name), color: r.color ?? info(r.value)?.color }));
  }, [report, labels, names]);
  const colours = useMemo(() => new Map(rows.filter((r) => r.color).map((r) => [r.value, r.color!])), [rows]);
  return (
    <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_20rem]">
      <Card>
        <CardHeader>
          <div>
            <CardTitle>Result viewer</CardTitle>
            <CardDescription>{caption}</CardDescription>
          </div>
        </CardHeader>
        <CardBody>
          {image && (labels || !expectLabels) ? (
            <ThreePlaneViewer key={viewerKey} volumeKey={viewerKey} image={image} display={display} labels={labels ?? undefined} reference={reference} legend={rows} colours={colours} />
          ) : (
            <LoadingState label="Loading scan and label map…" />
          )}
        </CardBody>
      </Card>
      <Card className="self-start">
        <CardHeader>
          <div>
            <CardTitle>Label volumes</CardTitle>
            <CardDescription>{report ? 'From the run report' : 'Computed from the label map'}</CardDescription>
          </div>
        </CardHeader>
        {rows.length ? (
          <Table data-testid="label-volumes">
            <THead><TR><TH>Label</TH><TH className="text-right">Voxels</TH><TH className="text-right">mL</TH></TR></THead>
            <TBody>
              {rows.map((r) => {
                const [cr, cg, cb] = labelColour(r.value, colours);
                return (
                  <TR key={r.value}>
                    <TD>
                      <span className="flex items-center gap-2">
                        <span className="h-3 w-3 rounded-sm" style={{ background: `rgb(${cr},${cg},${cb})` }} />
                        {r.name} <span className="font-mono text-[11px] text-slate-400">({r.value})</span>
                      </span>
                    </TD>
                    <TD className="text-right font-mono text-xs">{r.voxels.toLocaleString()}</TD>
                    <TD className="text-right font-mono text-xs">{r.volumeMl.toFixed(2)}</TD>
                  </TR>
                );
              })}
            </TBody>
          </Table>
        ) : (
          <CardBody>{labels || report ? <EmptyState title="No labelled voxels" /> : expectLabels ? <LoadingState /> : <EmptyState title="No label output" />}</CardBody>
        )}
      </Card>
    </div>
  );
}
