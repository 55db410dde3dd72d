import dcmjs from 'dcmjs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusPath, needAll, needFiles, needTools } from '../../../../test/needs';
import { checkWithTools } from '../../seg/testing';
import { listedTags } from './actions';
import { deidentify, type DeidOptions } from './deidentify';
import { MARKER_UID_ROOT, withEveryListedAttribute } from './testing';

const need = needAll(needFiles('dicom/ct_series_seg/ct_01.dcm', 'dicom/us_color/US_palette_8bit.dcm'), needTools('dcmdump', 'dciodvfy', 'gdcminfo'));
const dir = mkdtempSync(join(tmpdir(), 'deid-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KEY = new Uint8Array(32).fill(7);
const BASIC: DeidOptions = { key: KEY, safePrivate: [], retainLongitudinalModifiedDates: false, retainPatientCharacteristics: false, cleanDescriptors: false };
const read = (p: string) => new Uint8Array(readFileSync(corpusPath(p)));

/** dcmdump +L of the bytes: the whole text, and each top-level element's printed value by tag. */
function dump(bytes: Uint8Array): { text: string; top: Map<string, string> } {
  const file = join(dir, `d${Math.random().toString(36).slice(2)}.dcm`);
  writeFileSync(file, bytes);
  const r = spawnSync('dcmdump', ['+L', '-q', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  expect(r.status, r.stderr).toBe(0);
  const top = new Map<string, string>();
  for (const line of r.stdout.split('\n')) {
    const m = /^\(([0-9a-f]{4}),([0-9a-f]{4})\) \S\S (.*?)\s+#/.exec(line);
    if (m) top.set((m[1] + m[2]).toUpperCase(), m[3].replace(/^\[|\]$/g, ''));
  }
  return { text: r.stdout, top };
}

describe.runIf(need.ok)(need.title('DICOM de-identification (PS3.15 Basic Profile) checked with dcmdump and dciodvfy'), () => {
  const base = () => read('dicom/ct_series_seg/ct_01.dcm');

  it('removes every value the Basic Profile lists (one planted in each listed attribute), and the result passes dciodvfy as the input did', () => {
    const { bytes, planted, skipped } = withEveryListedAttribute(base());
    expect(skipped).toEqual([]);
    // Every listed tag but the repeating groups (planted as 6000 overlay elements) and the command
    // and file meta groups (the meta's SOP Instance UID is planted too).
    const listed = new Set(listedTags().map((r) => r[0]).filter((t) => !t.includes('x') && !/^000[02]/.test(t)));
    const plantedTags = new Set(planted.map((p) => p.tag));
    expect([...listed].filter((t) => !plantedTags.has(t))).toEqual([]);
    expect(listed.size).toBeGreaterThan(400);
    const before = dump(bytes);
    const rawBefore = Buffer.from(bytes).toString('latin1'); // OB and private (UN) values print as hex
    expect(planted.filter((p) => !before.text.includes(p.value) && !rawBefore.includes(p.value)).map((p) => `${p.tag} ${p.vr} ${p.value}`)).toEqual([]);

    const out = deidentify(bytes, BASIC);
    const after = dump(out.bytes);
    const raw = Buffer.from(out.bytes).toString('latin1');
    const survivors = planted.filter((p) => {
      if (/^ID\d+Q$/.test(p.value) || p.value.startsWith(MARKER_UID_ROOT)) return after.text.includes(p.value) || raw.includes(p.value);
      return after.top.get(p.tag) === p.value; // dates, times, numbers: not in their own attribute
    });
    expect(survivors.map((p) => `${p.tag} ${p.name}`)).toEqual([]);
    expect(after.text).not.toContain(MARKER_UID_ROOT);
    expect(after.top.get('00120062')).toBe('YES');

    // The planted input is not a valid IOD (it holds every listed attribute, most foreign to a CT):
    // the result may keep its errors, and may add only this one, which the table itself causes
    // (the committee name is D, a dummy, its condition, the approval number, X, removed).
    const inputErrors = new Set(checkWithTools(bytes).errors);
    const explained = /ClinicalTrialProtocolEthicsCommitteeName/;
    expect(checkWithTools(out.bytes).errors.filter((e) => !inputErrors.has(e) && !explained.test(e))).toEqual([]);
  });

  it('a valid instance stays as valid for dciodvfy after de-identification, under every option', () => {
    const baseErrors = new Set(checkWithTools(base()).errors);
    for (const opts of [BASIC, { ...BASIC, retainLongitudinalModifiedDates: true, retainPatientCharacteristics: true, cleanDescriptors: true }]) {
      for (const file of ['dicom/ct_series_seg/ct_01.dcm', 'dicom/ct_series_seg/liver_seg.dcm']) {
        const own = new Set(checkWithTools(read(file)).errors);
        expect(checkWithTools(deidentify(read(file), opts).bytes).errors.filter((e) => !own.has(e)), file).toEqual([]);
      }
    }
    expect(baseErrors.size).toBeGreaterThan(0); // ct_01 lacks Laterality: the comparison is with the input's own errors
  });

  it('options: dates shifted by the patient\'s shift, patient characteristics kept, descriptors kept with identifying names cleaned', () => {
    const { bytes, planted } = withEveryListedAttribute(base());
    const opts = { ...BASIC, retainLongitudinalModifiedDates: true, retainPatientCharacteristics: true, cleanDescriptors: true };
    const out = deidentify(bytes, opts);
    const after = dump(out.bytes).top;
    const studyDate = planted.find((p) => p.tag === '00080020')!.value;
    const shifted = new Date(Date.UTC(+studyDate.slice(0, 4), +studyDate.slice(4, 6) - 1, +studyDate.slice(6, 8)) + out.report.dateShiftDays! * 86_400_000);
    expect(out.report.dateShiftDays).toBeLessThan(0);
    expect(after.get('00080020')).toBe(shifted.toISOString().slice(0, 10).replace(/-/g, ''));
    expect(after.get('00280303')).toBe('MODIFIED');
    expect(after.get('00100040')).toBe(planted.find((p) => p.tag === '00100040')!.value); // sex kept
    const name = planted.find((p) => p.tag === '00100010')!.value;
    const described = deidentify(withDescription(bytes, `CT ${name} follow-up`), opts);
    expect(dump(described.bytes).top.get('0008103E')).toBe(`CT ${'X'.repeat(name.length)} follow-up`);
    expect(dump(deidentify(withDescription(bytes, 'CT follow-up'), BASIC).bytes).top.has('0008103E')).toBe(false);
  });

  it('maps UIDs consistently: one series stays one series, the SEG still references its CT slices', () => {
    const ct = ['ct_01', 'ct_02', 'ct_03'].map((n) => deidentify(read(`dicom/ct_series_seg/${n}.dcm`), BASIC));
    const seg = deidentify(read('dicom/ct_series_seg/liver_seg.dcm'), BASIC);
    const tops = ct.map((c) => dump(c.bytes));
    const series = new Set(tops.map((t) => t.top.get('0020000E')));
    expect(series.size).toBe(1);
    const original = dump(read('dicom/ct_series_seg/ct_01.dcm')).top.get('0020000E')!;
    expect([...series][0]).not.toBe(original);
    expect([...series][0]).toMatch(/^2\.25\.\d+$/);
    const segText = dump(seg.bytes).text;
    for (const t of tops) expect(segText).toContain(t.top.get('00080018'));
    expect(segText).toContain([...series][0]);
    expect(segText).toContain(tops[0].top.get('00200052')); // frame of reference
    expect(dump(seg.bytes).top.get('0020000D')).toBe(tops[0].top.get('0020000D'));
    // another workspace (key) gets other UIDs for the same instance
    const other = deidentify(read('dicom/ct_series_seg/ct_01.dcm'), { ...BASIC, key: new Uint8Array(32).fill(9) });
    expect(dump(other.bytes).top.get('0020000E')).not.toBe([...series][0]);
  });

  it('shifts every instance of one patient by the same number of days, another patient by its own', () => {
    const opts = { ...BASIC, retainLongitudinalModifiedDates: true };
    const a = deidentify(read('dicom/ct_series_seg/ct_01.dcm'), opts).report;
    const b = deidentify(read('dicom/ct_series_seg/ct_02.dcm'), opts).report;
    const c = deidentify(read('dicom/mr_series/brain_002.dcm'), opts).report;
    expect(a.patient.id).toBe(b.patient.id);
    expect(a.dateShiftDays).toBe(b.dateShiftDays);
    expect(a.patient.pseudonym).toBe(b.patient.pseudonym);
    expect(c.patient.id).not.toBe(a.patient.id);
    expect(c.dateShiftDays).not.toBe(a.dateShiftDays);
  });

  it('removes private elements except those of the safe list', () => {
    const { bytes } = withEveryListedAttribute(base());
    const safe = deidentify(bytes, { ...BASIC, safePrivate: [{ group: '0009', creator: 'STUDIO TEST', element: '02' }] }).bytes;
    const kept = dump(safe).top;
    expect(kept.get('00091002')).toBe([...Buffer.from('SAFE VALUE')].map((b) => b.toString(16)).join('\\')); // UN: dcmdump prints hex
    expect(kept.get('00090010')).toBe('STUDIO TEST');
    expect(kept.has('00091001')).toBe(false);
    expect(kept.has('00190010')).toBe(false); // GEMS_ACQU_01 of the original
    const none = dump(deidentify(bytes, BASIC).bytes).top;
    expect([...none.keys()].filter((t) => parseInt(t.slice(0, 4), 16) % 2 === 1)).toEqual([]);
  });

  it('reports burned-in annotation: BurnedInAnnotation YES, or a modality that usually has it', () => {
    expect(deidentify(read('dicom/us_color/US_palette_8bit.dcm'), BASIC).report.burnedIn).toMatch(/modality US/);
    expect(deidentify(base(), BASIC).report.burnedIn).toBeNull();
    expect(deidentify(withBurnedIn(base(), 'YES'), BASIC).report.burnedIn).toMatch(/YES/);
  });
});

function withElement(bytes: Uint8Array, tag: string, vr: string, value: string): Uint8Array {
  const d = dcmjs.data.DicomMessage.readFile(bytes.slice().buffer);
  d.dict[tag] = { vr, Value: [value] };
  return new Uint8Array(d.write());
}
const withDescription = (b: Uint8Array, text: string) => withElement(b, '0008103E', 'LO', text);
const withBurnedIn = (b: Uint8Array, v: string) => withElement(b, '00280301', 'CS', v);
