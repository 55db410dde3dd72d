import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3_1 } from 'openapi-types';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type * as Dto from './openapi-dto';
import { openApiDocument } from './openapi';
import type { getPipelineDetail, listPipelineDtos } from '../../server/pipelines/service';
import type { getRunDetail, listRunDtos, listRunOutputs } from '../../server/runs/service';
import type { scanDto } from '../../server/scans/service';
import type { listVersionDtos, versionDto } from '../../server/versions/service';

type Out<F extends (...a: never[]) => unknown> = Awaited<ReturnType<F>>;

describe('OpenAPI document generated from the tRPC routers', () => {
  const doc = openApiDocument('http://studio.test') as unknown as OpenAPIV3_1.Document;

  it('is a valid OpenAPI 3.1 document (swagger-parser validation, refs resolved)', async () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it('lists the integrator flow, protected by the API-key schemes', () => {
    const ops = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
      (['get', 'post', 'put', 'patch', 'delete'] as const).filter((m) => item?.[m]).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(ops).toEqual(
      expect.arrayContaining([
        'POST /uploads/scan',
        'POST /dicomweb/studies',
        'GET /scans',
        'GET /scans/{id}',
        'DELETE /scans/{id}',
        'GET /pipelines',
        'GET /pipelines/{id}',
        'GET /versions/{id}',
        'GET /pipelines/{pipelineId}/versions',
        'POST /runs',
        'GET /runs',
        'GET /runs/{id}',
        'GET /runs/{id}/outputs',
        'POST /runs/{id}/cancel',
      ]),
    );
    expect(doc.servers?.[0].url).toBe('http://studio.test/api/v1');
    expect(doc.paths?.['/uploads/scan']?.servers?.[0].url).toBe('http://studio.test/api');
    expect(Object.keys(doc.components?.securitySchemes ?? {}).sort()).toEqual(['apiKey', 'bearer']);
    expect(doc.components?.securitySchemes?.apiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-api-key' });
    expect(doc.paths?.['/runs']?.post?.security).toEqual(expect.arrayContaining([{ apiKey: [] }, { bearer: [] }]));
    const started = doc.paths?.['/runs']?.post?.requestBody as OpenAPIV3_1.RequestBodyObject;
    const schema = started.content['application/json'].schema as OpenAPIV3_1.SchemaObject;
    expect(Object.keys(schema.properties ?? {})).toEqual(expect.arrayContaining(['scanId', 'versionId', 'pipelineId']));
  });

  it('names output shapes as components', () => {
    expect(Object.keys(doc.components?.schemas ?? {})).toEqual(expect.arrayContaining(['RunDetail', 'RunOutputs', 'Scan', 'Version', 'Error']));
  });
});

// The output schemas validate every response: they must equal the services' return types.
expectTypeOf<z.infer<typeof Dto.ScanDto>>().toEqualTypeOf<ReturnType<typeof scanDto>>();
expectTypeOf<z.infer<typeof Dto.PipelineSummaryDto>[]>().toEqualTypeOf<Out<typeof listPipelineDtos>>();
expectTypeOf<z.infer<typeof Dto.PipelineDetailDto>>().toEqualTypeOf<Out<typeof getPipelineDetail>>();
expectTypeOf<z.infer<typeof Dto.VersionDto>>().toEqualTypeOf<ReturnType<typeof versionDto>>();
expectTypeOf<z.infer<typeof Dto.VersionListItemDto>[]>().toEqualTypeOf<Out<typeof listVersionDtos>>();
expectTypeOf<z.infer<typeof Dto.RunHeaderDto>[]>().toEqualTypeOf<Out<typeof listRunDtos>>();
expectTypeOf<z.infer<typeof Dto.RunDetailDto>>().toEqualTypeOf<Out<typeof getRunDetail>>();
expectTypeOf<z.infer<typeof Dto.RunOutputsDto>>().toEqualTypeOf<Out<typeof listRunOutputs>>();
