import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError } from '../domain/errors';
import { RuntimeError } from '../runtimes/core/errors';
import { toRunError } from '../workflows/errors';
import { ERROR_MAP, errorResponse, mapError, ServiceError, toClientError } from './errors';

describe('error mapping', () => {
  it('maps every layer through the one table', () => {
    expect(mapError(new ServiceError('UPLOAD_TOO_LARGE', 'too big'))).toMatchObject({ trpc: 'PAYLOAD_TOO_LARGE', http: 413 });
    expect(mapError(new DomainError('VERSION_EXISTS', 'dup'))).toMatchObject({ trpc: 'CONFLICT', http: 409 });
    expect(mapError(new RuntimeError('DICOM_UNSUPPORTED', 'jpeg2000'))).toMatchObject({ trpc: 'UNSUPPORTED_MEDIA_TYPE', http: 415 });
    for (const [code, m] of Object.entries(ERROR_MAP)) expect(m.http, code).toBeGreaterThanOrEqual(400);
  });

  it('the run contract reads every layer\'s code and whether the user caused it (without importing the server)', () => {
    expect(toRunError(new ServiceError('NOT_FOUND', 'gone'))).toEqual({ code: 'NOT_FOUND', message: 'gone', user: true });
    expect(toRunError(new ServiceError('INTERNAL', 'db down'))).toEqual({ code: 'INTERNAL', message: 'db down', user: false });
    expect(toRunError(new DomainError('BAD_PARAMS', 'p'))).toEqual({ code: 'BAD_PARAMS', message: 'p', user: true });
    expect(toRunError(new RuntimeError('DICOM_UNSUPPORTED', 'j'))).toMatchObject({ code: 'DICOM_UNSUPPORTED', user: true });
    expect(toRunError(new Error('boom'))).toEqual({ code: 'INTERNAL', message: 'boom', user: false });
  });

  it('unwraps the cause tRPC puts around resolver errors', () => {
    const wrapped = new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: new ServiceError('NOT_FOUND', 'no such run') });
    expect(mapError(wrapped)).toMatchObject({ trpc: 'NOT_FOUND', http: 404, client: { code: 'NOT_FOUND', message: 'no such run' } });
  });

  it('gives clients code, message and details only; unknown errors say nothing internal', () => {
    const client = toClientError(new ServiceError('PIPELINE_INVALID', 'bad', { issues: [{ code: 'cycle' }] }));
    expect(client).toEqual({ code: 'PIPELINE_INVALID', message: 'bad', details: { issues: [{ code: 'cycle' }] } });
    expect(toClientError(new Error('ECONNREFUSED 10.0.0.5:5432 at /srv/app.js'))).toEqual({ code: 'INTERNAL', message: 'Internal error' });
    const zod = z.object({ id: z.string() }).safeParse({ id: 1 });
    expect(toClientError(zod.error)).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('id') });
  });

  it('route handlers answer {error:{code,message}} with the mapped status', async () => {
    const res = errorResponse(new ServiceError('EMPTY_UPLOAD', 'empty'));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'EMPTY_UPLOAD', message: 'empty' } });
  });
});
