// The bench's 500-instance CT series: the corpus's liver CT slices repeated (pixel data), each
// copy its own instance of one new study and series, with its own position along the slice
// normal and instance number, so the studio sees a real series to route and run.
import { randomBytes } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { runTool } from '../test/dcmtk-net';

const SLICES = ['ct_01.dcm', 'ct_02.dcm', 'ct_03.dcm'];
/** The corpus series' first position (mm) and its 1 mm step along -z (its normal is +z). */
const ORIGIN = [-235.199997, -226.800003, -126.690002];
export const SLICE_SPACING_MM = 1;
/** dcmodify processes at once (one file each) and how long one may take. */
const PARALLEL = 4;
const TOOL_MS = 60_000;

const newUid = () => `2.25.${BigInt(`0x${randomBytes(15).toString('hex')}`)}`;

async function dcmodify(args: string[]) {
  const r = await runTool('dcmodify', ['-nb', ...args], TOOL_MS);
  if (r.status !== 0) throw new Error(`dcmodify failed: ${r.output.slice(0, 500)}`);
}

/** `instances` files in `dir`: one study, one series ("bench <n>"), positions z0 - i mm, instance numbers i+1. */
export async function makeSeries(corpusDir: string, dir: string, instances: number) {
  const [studyUid, seriesUid] = [newUid(), newUid()];
  const files = Array.from({ length: instances }, (_, i) => {
    const f = path.join(dir, `ct_${String(i).padStart(3, '0')}.dcm`);
    copyFileSync(path.join(corpusDir, 'dicom/ct_series_seg', SLICES[i % SLICES.length]), f);
    return f;
  });
  // One dcmodify per file (the shared UIDs and its own position, number, new SOP instance UID), a few at a time.
  const shared = ['-gin', '-m', `(0020,000d)=${studyUid}`, '-m', `(0020,000e)=${seriesUid}`, '-m', `(0008,103e)=bench ${instances}`];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < files.length; i = next++) {
      const z = ORIGIN[2] - i * SLICE_SPACING_MM;
      const pos = [ORIGIN[0], ORIGIN[1], z].map((x) => x.toFixed(6)).join('\\');
      await dcmodify([...shared, '-m', `(0020,0032)=${pos}`, '-m', `(0020,0013)=${i + 1}`, '-m', `(0020,1041)=${z.toFixed(6)}`, files[i]]);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  // The last file, read back: its own position and number, not the corpus slice's.
  const last = await runTool('dcmdump', ['+P', '0020,0032', '+P', '0020,0013', files[instances - 1]], TOOL_MS);
  const z = (ORIGIN[2] - (instances - 1) * SLICE_SPACING_MM).toFixed(6);
  if (!last.output.includes(`${z}]`) || !last.output.includes(`[${instances}]`)) throw new Error(`dimse bench: the series was not written as asked: ${last.output.slice(0, 300)}`);
  return { files, studyUid, seriesUid };
}
