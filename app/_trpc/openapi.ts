import { generateOpenApiDocument, type OpenAPIObject } from 'trpc-to-openapi';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import { appRouter } from './trpc/root';

/**
 * The integrator REST surface, generated from the tRPC procedures that carry `meta.openapi`
 * (served by app/api/v1/[...path]). The two upload endpoints stream request bodies (multipart
 * form-data, DICOMweb STOW-RS multipart/related), which tRPC cannot take: they are route
 * handlers under /api and described here by hand, with the same security schemes.
 */
export const REST_BASE_PATH = '/api/v1';

const SECURITY_SCHEMES = {
  apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'A workspace API key (shown once when created).' },
  bearer: { type: 'http', scheme: 'bearer', description: 'The same API key as `Authorization: Bearer <key>`.' },
} as const;
const SECURITY: Record<string, string[]>[] = [{ apiKey: [] }, { bearer: [] }];

const ErrorBody = z
  .object({ error: z.object({ code: z.string().describe('stable code, e.g. AUTH_REQUIRED, PERMISSION_DENIED, NOT_FOUND'), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }) })
  .meta({ id: 'Error' });
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [String(c), { description: `error ${c}`, content: { 'application/json': { schema: ErrorBody } } }]));

const StowSop = z.object({
  '00081150': z.object({ vr: z.literal('UI'), Value: z.array(z.string()) }).describe('ReferencedSOPClassUID'),
  '00081155': z.object({ vr: z.literal('UI'), Value: z.array(z.string()) }).describe('ReferencedSOPInstanceUID'),
});
const StowResponse = z
  .object({
    '00081199': z.object({ vr: z.literal('SQ'), Value: z.array(StowSop) }).optional().describe('ReferencedSOPSequence'),
    '00081198': z.object({ vr: z.literal('SQ'), Value: z.array(StowSop) }).optional().describe('FailedSOPSequence'),
  })
  .meta({ id: 'StowResponse', description: 'PS3.18 store instances response (application/dicom+json)' });

function handWritten(origin: string): ZodOpenApiPathsObject {
  const servers = [{ url: `${origin}/api` }];
  return {
    '/uploads/scan': {
      servers,
      post: {
        tags: ['scans'],
        summary: 'Upload a scan: one .nii/.nii.gz, or the DICOM files of one series',
        security: SECURITY,
        requestBody: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: z.object({ file: z.array(z.string().meta({ format: 'binary' })), name: z.string().optional() }),
            },
          },
        },
        responses: { '201': { description: 'stored', content: { 'application/json': { schema: z.object({ scanId: z.string() }) } } }, ...errors(400, 401, 403, 413, 415, 422) },
      },
    },
    '/dicomweb/studies': {
      servers,
      post: {
        tags: ['scans'],
        summary: 'DICOMweb STOW-RS: store instances; one scan is created per series',
        security: SECURITY,
        requestBody: {
          required: true,
          content: { 'multipart/related; type="application/dicom"': { schema: z.string().meta({ format: 'binary' }) } },
        },
        responses: {
          '200': { description: 'every instance stored', content: { 'application/dicom+json': { schema: StowResponse } } },
          '202': { description: 'some instances failed (FailedSOPSequence)', content: { 'application/dicom+json': { schema: StowResponse } } },
          '409': { description: 'no instance stored', content: { 'application/dicom+json': { schema: StowResponse } } },
          ...errors(400, 401, 403, 413, 415),
        },
      },
    },
  };
}

const cache = new Map<string, OpenAPIObject>();

/** The OpenAPI 3.1 document for a server reached at `origin` (e.g. https://studio.example). */
export function openApiDocument(origin: string): OpenAPIObject {
  let doc = cache.get(origin);
  if (!doc) {
    doc = generateOpenApiDocument(appRouter, {
      title: 'Imaging Pipeline Studio API',
      description:
        'Upload studies, run published pipeline versions, poll their status and download outputs. Authenticate with a workspace API key. ' +
        'Errors are `{error:{code,message,details?}}` with a stable code: 401 AUTH_REQUIRED, 403 PERMISSION_DENIED, 404 NOT_FOUND.',
      version: '1.0.0',
      baseUrl: `${origin}${REST_BASE_PATH}`,
      securitySchemes: SECURITY_SCHEMES,
      tags: ['scans', 'pipelines', 'runs'],
      paths: handWritten(origin),
    });
    if (cache.size > 16) cache.clear();
    cache.set(origin, doc);
  }
  return doc;
}
