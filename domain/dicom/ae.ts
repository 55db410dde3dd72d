import { z } from 'zod';

/**
 * DICOM Application Entity titles (PS3.5 6.2, VR AE): 1 to 16 characters of the default
 * repertoire without backslash or control characters; leading and trailing spaces are not
 * significant (a title is compared trimmed) and a title of spaces only is not a title.
 */
export const AE_TITLE_MAX = 16;

export const AeTitle = z
  .string()
  .max(AE_TITLE_MAX, `an AE title has at most ${AE_TITLE_MAX} characters`)
  .regex(/^[\x20-\x5b\x5d-\x7e]*$/, 'an AE title holds printable ASCII characters other than backslash')
  .transform((s) => s.trim())
  .refine((s) => s.length > 0, 'an AE title is not blank');

/** A DIMSE peer: where the studio sends (C-STORE SCU) results. */
export const DimseDestination = z.object({
  aeTitle: AeTitle,
  host: z.string().min(1).max(253),
  port: z.number().int().min(1).max(65535),
});
export type DimseDestination = z.infer<typeof DimseDestination>;

const WorkspaceId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a workspace id is 1-64 letters, digits, _ or -');

/**
 * `ORTHANC=ws_default,CT1=ws_x` -> Map(calling AE title -> workspace id). Unset or empty: undefined
 * (no map: every caller is accepted into the default workspace). Throws naming the bad entry.
 */
export function parseAeWorkspaces(spec: string | undefined): ReadonlyMap<string, string> | undefined {
  if (spec === undefined || spec.trim() === '') return undefined;
  const map = new Map<string, string>();
  for (const entry of spec.split(',').map((e) => e.trim()).filter(Boolean)) {
    const eq = entry.lastIndexOf('=');
    if (eq <= 0) throw new Error(`"${entry}" is not CALLING_AE=workspace_id`);
    const ae = AeTitle.safeParse(entry.slice(0, eq));
    const ws = WorkspaceId.safeParse(entry.slice(eq + 1).trim());
    if (!ae.success) throw new Error(`"${entry}": ${ae.error.issues[0].message}`);
    if (!ws.success) throw new Error(`"${entry}": ${ws.error.issues[0].message}`);
    if (map.has(ae.data)) throw new Error(`calling AE title ${ae.data} is mapped twice`);
    map.set(ae.data, ws.data);
  }
  return map.size ? map : undefined;
}

export type CallerDecision = { accept: true; workspaceId: string } | { accept: false; reason: 'called-ae' | 'calling-ae' };

/**
 * Who may associate: the called title must be the studio's own; the calling title must be in the
 * map when there is one (a hospital lists its modalities), else it goes to `defaultWorkspace`.
 */
export function admitCaller(
  opts: { ownAet: string; map: ReadonlyMap<string, string> | undefined; defaultWorkspace: string },
  calling: string,
  called: string,
): CallerDecision {
  if (called.trim() !== opts.ownAet) return { accept: false, reason: 'called-ae' };
  if (!opts.map) return { accept: true, workspaceId: opts.defaultWorkspace };
  const ws = opts.map.get(calling.trim());
  return ws ? { accept: true, workspaceId: ws } : { accept: false, reason: 'calling-ae' };
}
