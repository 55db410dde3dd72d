import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { dicomInstances as I } from '../../drizzle/schema';
import type { DicomJson } from '../../domain/dicom/json';
import { scopeOf } from '../auth/scope';
import type { ServiceDeps } from '../context';
import { levelOf, parseQidoQuery, type Level, type Match, type QidoQuery } from './qido-query';
import { instanceUrl, seriesUrl, studyUrl } from './urls';

/**
 * QIDO-RS (PS3.18 10.6) over the instance index: studies, series and instances of the caller's
 * workspace, matched in SQL on the stored DICOM JSON. A study or series is answered from one
 * representative instance (its attributes of that level are the same in every instance) plus
 * the counts and modalities aggregated over all of them; a key of a lower level (Modality on
 * a study search, SOPInstanceUID on a series search) matches when any instance below matches.
 */

/** PS3.18 Table 6.7.1-2: the attributes returned by default at each level (StudyDescription added, as viewers list it). */
const STUDY_RETURN = ['00080005', '00080020', '00080030', '00080050', '00080090', '00080201', '00081030', '00100010', '00100020', '00100030', '00100040', '0020000D', '00200010'];
const SERIES_RETURN = ['00080005', '00080060', '00080201', '0008103E', '0020000E', '00200011', '00400244', '00400245', '00400275', '0020000D'];
const INSTANCE_RETURN = ['00080005', '00080016', '00080018', '00080201', '00200013', '00280008', '00280010', '00280011', '00280100', '0020000D', '0020000E'];

export interface QidoScope {
  study?: string;
  series?: string;
}

const cs = (values: string[]) => ({ vr: 'CS', Value: values });
const is = (n: number) => ({ vr: 'IS', Value: [n] });
const ur = (url: string) => ({ vr: 'UR', Value: [url] });

function pick(attrs: DicomJson, tags: string[], q: QidoQuery): DicomJson {
  if (q.include === 'all') return { ...attrs };
  const out: DicomJson = {};
  for (const t of [...tags, ...q.include]) if (attrs[t]) out[t] = attrs[t];
  return out;
}

const sorted = (j: DicomJson): DicomJson => Object.fromEntries(Object.entries(j).sort(([a], [b]) => (a < b ? -1 : 1)));

/** Matches of the level and above on the representative; lower ones through an EXISTS over the group. */
function conditions(q: QidoQuery, level: Level, group: SQL | undefined, groupColumn: string): SQL[] {
  const depth = { study: 0, series: 1, instance: 2 };
  return q.matches.map((m: Match) => {
    if (!group || depth[levelOf(m.tag)] <= depth[level]) return m.on(sql`${I.attributes}`);
    return sql`exists (select 1 from dicom_instances i2 where i2.workspace_id = ${I.workspaceId} and ${sql.raw(`i2.${groupColumn}`)} = ${group} and ${m.on(sql.raw('i2.attributes'))})`;
  });
}

export async function searchStudies(deps: ServiceDeps, root: string, params: URLSearchParams): Promise<DicomJson[]> {
  const q = parseQidoQuery(params);
  const { workspaceId } = scopeOf(deps);
  const agg = deps.db
    .select({
      studyUid: I.studyUid,
      series: sql<number>`count(distinct ${I.seriesUid})::int`.as('n_series'),
      instances: sql<number>`count(*)::int`.as('n_instances'),
      modalities: sql<string | null>`string_agg(distinct ${I.attributes} -> '00080060' -> 'Value' ->> 0, '\\')`.as('modalities'),
      rep: sql<string>`min(${I.sopInstanceUid})`.as('rep'),
    })
    .from(I)
    .where(eq(I.workspaceId, workspaceId))
    .groupBy(I.studyUid)
    .as('agg');
  const rows = await deps.db
    .select({ studyUid: agg.studyUid, series: agg.series, instances: agg.instances, modalities: agg.modalities, attributes: I.attributes })
    .from(agg)
    .innerJoin(I, and(eq(I.workspaceId, workspaceId), eq(I.sopInstanceUid, agg.rep)))
    .where(and(...conditions(q, 'study', sql`${agg.studyUid}`, 'study_uid')))
    .orderBy(asc(agg.studyUid))
    .limit(q.limit)
    .offset(q.offset);
  return rows.map((r) =>
    sorted({
      ...pick(r.attributes, STUDY_RETURN, q),
      '00080056': cs(['ONLINE']),
      '00080061': cs(r.modalities ? r.modalities.split('\\') : []),
      '00081190': ur(studyUrl(root, r.studyUid)),
      '00201206': is(r.series),
      '00201208': is(r.instances),
    }),
  );
}

export async function searchSeries(deps: ServiceDeps, root: string, params: URLSearchParams, scope: QidoScope = {}): Promise<DicomJson[]> {
  const q = parseQidoQuery(params);
  const { workspaceId } = scopeOf(deps);
  const agg = deps.db
    .select({ seriesUid: I.seriesUid, studyUid: I.studyUid, instances: sql<number>`count(*)::int`.as('n_instances'), rep: sql<string>`min(${I.sopInstanceUid})`.as('rep') })
    .from(I)
    .where(and(eq(I.workspaceId, workspaceId), scope.study ? eq(I.studyUid, scope.study) : undefined))
    .groupBy(I.studyUid, I.seriesUid)
    .as('agg');
  const rows = await deps.db
    .select({ studyUid: agg.studyUid, seriesUid: agg.seriesUid, instances: agg.instances, attributes: I.attributes })
    .from(agg)
    .innerJoin(I, and(eq(I.workspaceId, workspaceId), eq(I.sopInstanceUid, agg.rep)))
    .where(and(...conditions(q, 'series', sql`${agg.seriesUid}`, 'series_uid')))
    .orderBy(asc(agg.studyUid), asc(agg.seriesUid))
    .limit(q.limit)
    .offset(q.offset);
  const tags = scope.study ? SERIES_RETURN : [...SERIES_RETURN, ...STUDY_RETURN];
  return rows.map((r) =>
    sorted({
      ...pick(r.attributes, tags, q),
      '00080056': cs(['ONLINE']),
      '00081190': ur(seriesUrl(root, r.studyUid, r.seriesUid)),
      '00201209': is(r.instances),
    }),
  );
}

export async function searchInstances(deps: ServiceDeps, root: string, params: URLSearchParams, scope: QidoScope = {}): Promise<DicomJson[]> {
  const q = parseQidoQuery(params);
  const { workspaceId } = scopeOf(deps);
  const rows = await deps.db
    .select({ studyUid: I.studyUid, seriesUid: I.seriesUid, sopInstanceUid: I.sopInstanceUid, attributes: I.attributes })
    .from(I)
    .where(
      and(
        eq(I.workspaceId, workspaceId),
        scope.study ? eq(I.studyUid, scope.study) : undefined,
        scope.series ? eq(I.seriesUid, scope.series) : undefined,
        ...conditions(q, 'instance', undefined, ''),
      ),
    )
    .orderBy(asc(I.studyUid), asc(I.seriesUid), asc(I.instanceNumber), asc(I.sopInstanceUid))
    .limit(q.limit)
    .offset(q.offset);
  const tags = scope.series ? INSTANCE_RETURN : scope.study ? [...INSTANCE_RETURN, ...SERIES_RETURN] : [...INSTANCE_RETURN, ...SERIES_RETURN, ...STUDY_RETURN];
  return rows.map((r) =>
    sorted({
      ...pick(r.attributes, tags, q),
      '00080056': cs(['ONLINE']),
      '00081190': ur(instanceUrl(root, r.studyUid, r.seriesUid, r.sopInstanceUid)),
    }),
  );
}
