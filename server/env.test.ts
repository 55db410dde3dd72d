import { describe, expect, it } from 'vitest';
import { parseEnv } from './env';

describe('env', () => {
  it('applies the embedded defaults', () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.TEMPORAL_ADDRESS).toBeUndefined();
    expect(env).toMatchObject({
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: 'studio-runs',
      STUDIO_DATA_DIR: '.data',
      STUDIO_CORPUS_DIR: '../shared/data',
      UPLOAD_LIMIT_BYTES: 4 * 1024 ** 3,
      ORT_POOL_SIZE: 1,
      STUDIO_RUN_LEASE_SECONDS: 30,
      STUDIO_SHUTDOWN_GRACE_SECONDS: 20,
    });
    expect(env.ORT_THREADS).toBeGreaterThanOrEqual(1);
  });

  it('treats empty strings as unset and coerces numbers', () => {
    const env = parseEnv({ DATABASE_URL: '', UPLOAD_LIMIT_BYTES: '1024', ORT_THREADS: '2' });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env).toMatchObject({
      UPLOAD_LIMIT_BYTES: 1024,
      ORT_THREADS: 2,
    });
  });

  it('throws one error naming every bad variable', () => {
    expect(() => parseEnv({ DATABASE_URL: 'mysql://x', UPLOAD_LIMIT_BYTES: '-5', ORT_POOL_SIZE: 'many' })).toThrow(
      /Invalid environment variables:\n {2}DATABASE_URL: .*\n {2}UPLOAD_LIMIT_BYTES: .*\n {2}ORT_POOL_SIZE: /,
    );
  });

  it('reads the DICOM listener settings: off unless a port is set, loopback, AE STUDIO, optional AE map', () => {
    const off = parseEnv({});
    expect(off).toMatchObject({ STUDIO_DICOM_HOST: '127.0.0.1', STUDIO_DICOM_AET: 'STUDIO' });
    expect(off.STUDIO_DICOM_PORT).toBeUndefined();
    expect(off.STUDIO_DICOM_AE_WORKSPACES).toBeUndefined();
    const on = parseEnv({ STUDIO_DICOM_PORT: '11112', STUDIO_DICOM_AET: 'AI_STUDIO', STUDIO_DICOM_AE_WORKSPACES: 'ORTHANC=ws_default,CT1=ws_x' });
    expect(on.STUDIO_DICOM_PORT).toBe(11112);
    expect(on.STUDIO_DICOM_AET).toBe('AI_STUDIO');
    expect(on.STUDIO_DICOM_AE_WORKSPACES?.get('CT1')).toBe('ws_x');
    expect(() => parseEnv({ STUDIO_DICOM_PORT: '70000', STUDIO_DICOM_AET: 'BAD\\AE', STUDIO_DICOM_AE_WORKSPACES: 'ORTHANC' })).toThrow(
      /STUDIO_DICOM_PORT: .*\n {2}STUDIO_DICOM_AET: .*\n {2}STUDIO_DICOM_AE_WORKSPACES: "ORTHANC" is not CALLING_AE=workspace_id/,
    );
  });

  it('selects the blob store: local by default; s3 requires a bucket and credentials, and validates the rest', () => {
    expect(parseEnv({})).toMatchObject({ STUDIO_BLOB_STORE: 'local', S3_REGION: 'us-east-1', S3_FORCE_PATH_STYLE: false, STUDIO_WORKER_EP: 'cpu' });
    expect(() => parseEnv({ STUDIO_BLOB_STORE: 's3' })).toThrow(/S3_BUCKET: required[\s\S]*S3_ACCESS_KEY_ID: required[\s\S]*S3_SECRET_ACCESS_KEY: required/);
    const s3 = { STUDIO_BLOB_STORE: 's3', S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's' };
    expect(parseEnv({ ...s3, S3_ENDPOINT: 'http://127.0.0.1:8333', S3_FORCE_PATH_STYLE: 'true' })).toMatchObject({ S3_ENDPOINT: 'http://127.0.0.1:8333', S3_FORCE_PATH_STYLE: true });
    expect(() => parseEnv({ ...s3, S3_ENDPOINT: 'ftp://x' })).toThrow(/S3_ENDPOINT/);
    expect(() => parseEnv({ ...s3, S3_PART_SIZE_BYTES: '1024' })).toThrow(/S3_PART_SIZE_BYTES/);
    expect(() => parseEnv({ STUDIO_BLOB_STORE: 'nfs' })).toThrow(/STUDIO_BLOB_STORE/);
    expect(() => parseEnv({ STUDIO_WORKER_EP: 'CUDA; rm' })).toThrow(/STUDIO_WORKER_EP/);
  });
});
