import os from 'node:os';
import { z } from 'zod';

/**
 * The process environment, validated once per process (t3-env style). This is the ONLY file
 * that reads `process.env`; everything else imports `env`. Unset optional services select the
 * embedded defaults: no DATABASE_URL -> on-disk PGlite, no TEMPORAL_ADDRESS -> in-process executor.
 */
const GiB = 1024 ** 3;

const emptyAsUndefined = (v: unknown) => (v === '' ? undefined : v);
const optionalString = z.preprocess(emptyAsUndefined, z.string().min(1).optional());
const positiveInt = (fallback: number) => z.preprocess(emptyAsUndefined, z.coerce.number().int().positive().default(fallback));

export const EnvSchema = z.object({
  NODE_ENV: z.preprocess(emptyAsUndefined, z.enum(['development', 'production', 'test']).default('development')),
  /** postgres://... of a real PostgreSQL server; unset: embedded PGlite under STUDIO_DATA_DIR. */
  DATABASE_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  /** host:port of a Temporal frontend; unset: runs execute in-process (embedded executor). */
  TEMPORAL_ADDRESS: optionalString,
  TEMPORAL_NAMESPACE: z.preprocess(emptyAsUndefined, z.string().min(1).default('default')),
  TEMPORAL_TASK_QUEUE: z.preprocess(emptyAsUndefined, z.string().min(1).default('studio-runs')),
  /** Blobs and the embedded database live here (relative paths resolve against the cwd). */
  STUDIO_DATA_DIR: z.preprocess(emptyAsUndefined, z.string().min(1).default('.data')),
  /** Read-only test/demo corpus (../shared/data); optional at run time. */
  STUDIO_CORPUS_DIR: z.preprocess(emptyAsUndefined, z.string().min(1).default('../shared/data')),
  /** Largest accepted upload, in bytes (whole request for scans, per file for models). */
  UPLOAD_LIMIT_BYTES: positiveInt(4 * GiB),
  /** onnxruntime intra-op threads per session (set explicitly: the default is 3x slower here). */
  ORT_THREADS: positiveInt(Math.max(1, os.availableParallelism())),
  /** Seed the demo (phantom, tissue classifier, brain pipelines when the corpus exists) on start. */
  STUDIO_SEED_DEMO: z.preprocess(emptyAsUndefined, z.enum(['true', 'false']).default('true')).transform((v) => v === 'true'),
  /** Signs session cookies (>= 32 chars). Unset: a random secret kept in STUDIO_DATA_DIR/auth-secret. */
  STUDIO_AUTH_SECRET: z.preprocess(emptyAsUndefined, z.string().min(32).optional()),
  /**
   * Sign visitors in as the demo admin. Default: only on the embedded default (no DATABASE_URL);
   * a deployment on PostgreSQL requires real sign-in unless this is set to true explicitly.
   */
  STUDIO_DEMO_SIGN_IN: z.preprocess(emptyAsUndefined, z.enum(['true', 'false']).optional()),
  /**
   * Largest scan volume accepted (voxels = product of the header's dims), checked from the NIfTI
   * header / DICOM headers before any voxel is inflated or decoded. Default 2^26 = 67,108,864
   * (512 x 512 x 256): a 512^3 upload peaked above 6 GB in one run; at 2^26 voxels the demo
   * segmentation is estimated at 4.3 GiB (~68 B per voxel through reader, normalisation, model
   * and label map; bench/largest-scan.ts), so a run stays inside STUDIO_RUN_MEMORY_LIMIT_BYTES and
   * two concurrent runs, PostgreSQL, Next.js and the OS fit a 24 GiB machine.
   */
  STUDIO_MAX_VOXELS: positiveInt(2 ** 26),
  /**
   * Largest voxel data (voxels x bytes per voxel, as declared) of one scan. Default 256 MiB: the
   * voxel limit in float32, what readers, normalisation and models work in (float64 at the voxel
   * limit is refused). Server-side gunzip stops at this + 16 MiB (header and extensions).
   */
  STUDIO_MAX_VOLUME_BYTES: positiveInt(256 * 1024 ** 2),
  /**
   * Peak memory one run may need, estimated before it starts (domain/cost/peak-memory.ts).
   * Default 8 GiB: a third of a 24 GiB machine, above the 4.3 GiB the demo segmentation of the
   * largest accepted volume is estimated at.
   */
  STUDIO_RUN_MEMORY_LIMIT_BYTES: positiveInt(8 * GiB),
  /** Inference worker threads (each holds its own sessions). */
  ORT_POOL_SIZE: positiveInt(1),
});

export type Env = z.infer<typeof EnvSchema>;

/** Parse an environment record; throws one error naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = EnvSchema.safeParse(source);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new Error(`Invalid environment variables:\n${lines.join('\n')}`);
}

export const env: Env = parseEnv(process.env);

/** `studio user add` reads the new person's password here, not from argv (visible in `ps`). */
export const newPassword = (): string | undefined => process.env.STUDIO_NEW_PASSWORD || undefined;

/** Whether visitors are signed in as the demo admin automatically (see STUDIO_DEMO_SIGN_IN). */
export const demoSignIn = (e: Env = env): boolean => (e.STUDIO_DEMO_SIGN_IN ? e.STUDIO_DEMO_SIGN_IN === 'true' : !e.DATABASE_URL);
