import { env } from '../env';

/** Where the DICOMweb service lives under the studio's origin (qidoRoot = wadoRoot = stowRoot). */
export const DICOMWEB_PATH = '/api/dicomweb';

/**
 * The service root as a client must call it: STUDIO_PUBLIC_URL when set (a studio behind a
 * proxy), else the origin the request came to. RetrieveURLs and BulkDataURIs are built on it.
 */
export function dicomwebRoot(request: Request): string {
  const origin = env.STUDIO_PUBLIC_URL ? new URL(env.STUDIO_PUBLIC_URL).origin : new URL(request.url).origin;
  return `${origin}${DICOMWEB_PATH}`;
}

const seg = encodeURIComponent;
export const studyUrl = (root: string, study: string) => `${root}/studies/${seg(study)}`;
export const seriesUrl = (root: string, study: string, series: string) => `${studyUrl(root, study)}/series/${seg(series)}`;
export const instanceUrl = (root: string, study: string, series: string, sop: string) => `${seriesUrl(root, study, series)}/instances/${seg(sop)}`;
