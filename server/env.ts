import 'server-only';
import os from 'node:os';
import { z } from 'zod';
import { AeTitle, parseAeWorkspaces } from '../domain/dicom/ae';

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
  /** Give up opening a PostgreSQL connection after this long (a hung server fails fast with 503). */
  DATABASE_CONNECT_TIMEOUT_SECONDS: positiveInt(5),
  /** Close PostgreSQL connections idle this long. */
  DATABASE_IDLE_TIMEOUT_SECONDS: positiveInt(60),
  /** PostgreSQL `statement_timeout` of every studio connection; a longer statement fails with 503. */
  DATABASE_STATEMENT_TIMEOUT_MS: positiveInt(30_000),
  /** /api/health gives each dependency (database, Temporal) this long to answer. */
  HEALTH_CHECK_TIMEOUT_MS: positiveInt(2_000),
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
  /** Default Dice per label (against fp32) an optimised variant must reach to be usable (0.5..1). */
  STUDIO_VARIANT_DICE_MIN: z.preprocess(emptyAsUndefined, z.coerce.number().min(0.5).max(1).default(0.98)),
  /** Seed the demo (phantom, tissue classifier, brain pipelines when the corpus exists) on start. */
  /** Webhook targets on private/loopback addresses (tests, a receiver on this host): '1' allows them. */
  STUDIO_WEBHOOK_ALLOW_PRIVATE: z.preprocess(emptyAsUndefined, z.enum(['0', '1']).default('0')).transform((v) => v === '1'),
  STUDIO_SEED_DEMO: z.preprocess(emptyAsUndefined, z.enum(['true', 'false']).default('true')).transform((v) => v === 'true'),
  /** Signs session cookies (>= 32 chars). Unset: a random secret kept in STUDIO_DATA_DIR/auth-secret. */
  STUDIO_AUTH_SECRET: z.preprocess(emptyAsUndefined, z.string().min(32).optional()),
  /**
   * Sign visitors in as the demo admin. Default: only on the embedded default (no DATABASE_URL);
   * a deployment on PostgreSQL requires real sign-in unless this is set to true explicitly.
   */
  STUDIO_DEMO_SIGN_IN: z.preprocess(emptyAsUndefined, z.enum(['true', 'false']).optional()),
  /**
   * MAC key of the audit chain (>= 32 chars; HMAC-SHA256). Never stored in the database. Unset: a
   * random key kept in STUDIO_DATA_DIR/audit-key (mode 0600). Every process appending events
   * (studio, CLI, Temporal workers) and `studio audit verify` needs the same key.
   */
  STUDIO_AUDIT_KEY: z.preprocess(emptyAsUndefined, z.string().min(32).optional()),
  /** Where signed checkpoints of the audit chain head go (one file each). Unset: STUDIO_DATA_DIR/audit-checkpoints. */
  STUDIO_AUDIT_CHECKPOINT_DIR: optionalString,
  /** Seconds between automatic audit checkpoints written by the studio process . */
  STUDIO_AUDIT_CHECKPOINT_INTERVAL_SECONDS: positiveInt(3600),
  /** The sweeper (staged uploads, orphaned blobs) runs on start and then this often. */
  STUDIO_SWEEP_INTERVAL_SECONDS: positiveInt(3_600),
  /** How often routing looks for completed series, started runs that ended and due deliveries. */
  STUDIO_ROUTING_INTERVAL_SECONDS: positiveInt(2),
  /** Seconds one delivery attempt (one artifact to one destination) may take before it counts as failed. */
  STUDIO_ROUTING_SEND_TIMEOUT_SECONDS: positiveInt(120),
  /** Staged files and unreferenced blobs younger than this are never swept (in-flight uploads and runs). */
  STUDIO_SWEEP_GRACE_SECONDS: positiveInt(86_400),
  /**
   * Most procedure calls in one tRPC batch request (/api/trpc/a,b,c?batch=1); more: 413
   * BATCH_TOO_LARGE before any call runs. At least 20, the studio client's own batch size.
   */
  TRPC_MAX_BATCH: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(20).default(50)),
  /**
   * Largest JSON request body of /api/trpc and /api/v1, bytes; more: 413 BODY_TOO_LARGE before
   * JSON.parse. Default 2 MiB: one graph at its 1 MiB cap (domain/graph/limits.ts) plus room.
   */
  JSON_BODY_LIMIT_BYTES: positiveInt(2 * 1024 * 1024),
  /**
   * Largest scan volume accepted (voxels = product of the header's dims), checked from the NIfTI
   * header / DICOM headers before any voxel is inflated or decoded. Default 10^8 (512 x 512 x 381:
   * a chest-abdomen-pelvis CT at 1 mm fits; a 512^3 or 1024^3 declaration does not; raise it for
   * thin-slice whole-body CT). Reading the largest accepted volume peaks near 1 GiB RSS
   * (bench/largest-scan.ts); what a run on it may need is judged by STUDIO_RUN_MEMORY_LIMIT_BYTES.
   */
  STUDIO_MAX_VOXELS: positiveInt(100_000_000),
  /**
   * Largest voxel data (voxels x bytes per voxel, as declared) of one scan. Default 512 MiB: the
   * voxel limit in float32 (381 MiB), what readers, normalisation and models work in, fits;
   * float64 at the voxel limit does not. Server-side gunzip stops at this + 16 MiB.
   */
  STUDIO_MAX_VOLUME_BYTES: positiveInt(512 * 1024 ** 2),
  /**
   * Peak memory one run may need, estimated before it starts (domain/cost/peak-memory.ts).
   * Default 12 GiB: half of a 24 GiB machine, leaving the rest to PostgreSQL, Next.js, the OS and a
   * second smaller run. The demo segmentation (~68 B per voxel) of the largest accepted volume
   * (~6.3 GiB) fits; a bigger pipeline or a raised voxel limit is refused before it starts, in words.
   */
  STUDIO_RUN_MEMORY_LIMIT_BYTES: positiveInt(12 * GiB),
  /** Inference worker threads (each holds its own sessions). */
  ORT_POOL_SIZE: positiveInt(1),
  /** Node activities a worker process (`npm run worker`) runs at once (each may hold large values). */
  TEMPORAL_ACTIVITY_SLOTS: positiveInt(2),
  /** On SIGTERM a worker stops taking nodes and lets those in flight finish for this long before cancelling them (they are then retried elsewhere). */
  TEMPORAL_SHUTDOWN_GRACE_SECONDS: positiveInt(60),
  /**
   * The studio's public URL behind a proxy (https://studio.example.org): its origin may sign in
   * and send cookie-authenticated uploads, besides the loopback address a request arrives at.
   */
  STUDIO_PUBLIC_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
  /**
   * Comma-separated IPs/CIDRs of reverse proxies in front of the studio. Unset (default):
   * X-Forwarded-For is ignored, no client address is known, and sign-in fairness rests on the
   * per-account lockout plus one shared ceiling (STUDIO_SIGN_IN_CEILING_PER_MINUTE); set: the
   * client is the right-most X-Forwarded-For hop not in this list and has its own buckets.
   */
  STUDIO_TRUSTED_PROXIES: z
    .preprocess(emptyAsUndefined, z.string().optional())
    .transform((v) => (v ?? '').split(',').map((x) => x.trim()).filter(Boolean)),
  /** Sign-in attempts (POST /api/auth/sign-in/email) per client address per minute; only with STUDIO_TRUSTED_PROXIES. */
  STUDIO_SIGN_IN_ATTEMPTS_PER_MINUTE: positiveInt(20),
  /**
   * Without STUDIO_TRUSTED_PROXIES: sign-in attempts per minute of all clients together, a CPU
   * guard only (each attempt may hash a password with scrypt); the per-account lockout is
   * what stops guessing. Default 600 (10/s). Other /api/auth calls share 3,000 per minute; a
   * session may change its password 10 times per minute, sign-out is not limited.
   */
  STUDIO_SIGN_IN_CEILING_PER_MINUTE: positiveInt(600),
  /**
   * Largest request body of /api/auth/* (sign-in, change-password, ...), bytes; more: 413
   * BODY_TOO_LARGE from Content-Length or while reading, before anything parses it. Default 16 KiB.
   */
  STUDIO_AUTH_BODY_LIMIT_BYTES: positiveInt(16 * 1024),
  /** Failed sign-ins of one account (lower-cased email) before it is locked. */
  STUDIO_SIGN_IN_LOCK_AFTER_FAILURES: positiveInt(5),
  /** First lock of an account, in seconds; doubles with each further failure, up to the max. */
  STUDIO_SIGN_IN_LOCK_BASE_SECONDS: positiveInt(30),
  STUDIO_SIGN_IN_LOCK_MAX_SECONDS: positiveInt(3600),
  /**
   * Lease of an in-process (embedded) run, in seconds: renewed every third of it while the run
   * executes; a run whose lease ran out (its process died) is failed with INTERRUPTED by the
   * sweeper, which looks every half lease. Temporal runs carry no lease.
   */
  STUDIO_RUN_LEASE_SECONDS: positiveInt(30),
  /** TCP port of the studio's DICOM listener (C-ECHO, C-STORE SCP). Unset: no listener. */
  STUDIO_DICOM_PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(65535).optional()),
  /** Address the DICOM listener binds: loopback unless set (0.0.0.0 exposes it to the network). */
  STUDIO_DICOM_HOST: z.preprocess(emptyAsUndefined, z.string().min(1).default('127.0.0.1')),
  /** The studio's own AE title: associations calling another title are rejected (called AE not recognised). */
  STUDIO_DICOM_AET: z.preprocess(emptyAsUndefined, AeTitle.default('STUDIO')),
  /**
   * Calling AE titles allowed to send, each to a workspace: `ORTHANC=ws_default,CT1=ws_x`. Set: any
   * other caller is rejected (A-ASSOCIATE-RJ, calling AE not recognised). Unset: every caller is
   * accepted into the default workspace (fine on loopback; set it before exposing the port).
   */
  STUDIO_DICOM_AE_WORKSPACES: z.preprocess(emptyAsUndefined, z.string().optional()).transform((v, ctx) => {
    try {
      return parseAeWorkspaces(v);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
      return z.NEVER;
    }
  }),
  /** Associations served at once; one more gets A-ASSOCIATE-RJ (transient, local limit exceeded). */
  STUDIO_DICOM_MAX_ASSOCIATIONS: positiveInt(16),
  /** Largest instance accepted over C-STORE, bytes; a bigger one is aborted before it is stored. */
  STUDIO_DICOM_MAX_INSTANCE_BYTES: positiveInt(512 * 1024 ** 2),
  /** On SIGTERM/SIGINT, how long running in-process runs may still finish before they are marked INTERRUPTED. */
  STUDIO_SHUTDOWN_GRACE_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().int().nonnegative().default(20)),
  /**
   * Where blobs live: `local` (default) under STUDIO_DATA_DIR/blobs, or `s3`: an S3-compatible
   * bucket (S3_*) shared by the studio and workers on other machines, each process keeping a
   * read-through cache of STUDIO_BLOB_CACHE_BYTES under its own STUDIO_DATA_DIR/blob-cache.
   */
  STUDIO_BLOB_STORE: z.preprocess(emptyAsUndefined, z.enum(['local', 's3']).default('local')),
  /** http(s) URL of the S3 API (MinIO, SeaweedFS, Ceph...); unset: AWS's endpoint for S3_REGION. */
  S3_ENDPOINT: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
  S3_BUCKET: optionalString,
  S3_REGION: z.preprocess(emptyAsUndefined, z.string().min(1).default('us-east-1')),
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  /** `true`: http://host/bucket/key addressing (most self-hosted servers); default virtual-hosted. */
  S3_FORCE_PATH_STYLE: z.preprocess(emptyAsUndefined, z.enum(['true', 'false']).default('false')).transform((v) => v === 'true'),
  /** Part size of multipart uploads, bytes (S3's minimum: 5 MiB); smaller blobs go up in one PUT. */
  S3_PART_SIZE_BYTES: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(5 * 1024 ** 2).max(5 * GiB).default(16 * 1024 ** 2)),
  /** Bytes of the local read-through cache of an S3 blob store (least recently used evicted). */
  STUDIO_BLOB_CACHE_BYTES: positiveInt(2 * GiB),
  /**
   * The execution provider a Temporal worker runs models with: `cpu` (default) serves the run
   * queue TEMPORAL_TASK_QUEUE; anything else (`cuda`, ...) serves `<TEMPORAL_TASK_QUEUE>-<ep>`,
   * where the model nodes of runs asking for that target are sent (workflows/queues.ts).
   */
  STUDIO_WORKER_EP: z.preprocess(emptyAsUndefined, z.string().regex(/^[a-z][a-z0-9]{1,15}$/, 'lowercase provider name such as cpu or cuda').default('cpu')),
}).superRefine((e, ctx) => {
  if (e.STUDIO_BLOB_STORE !== 's3') return;
  for (const key of ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
    if (!e[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required when STUDIO_BLOB_STORE=s3' });
  }
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
