import { z } from 'zod';
import { PipelineGraphSchema } from '../../domain/graph/schema';
import { NodeStatusSchema, RunStatusSchema } from '../../domain/runs/status';
import { GATE_STATES } from '../../domain/evaluation/types';
import { VersionPinsSchema } from '../../server/versions/bundle-format';

/**
 * Output shapes of the procedures exposed over REST (/api/v1, described at /api/openapi.json).
 * tRPC validates every response against them, so they must equal what the services return:
 * openapi.test.ts checks each against the service's return type (tsc fails on drift).
 * `.meta({ id })` names the component in the OpenAPI document.
 */
const Iso = z.string().describe('ISO 8601 instant');
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const ScanDto = z
  .object({
    id: z.string(),
    name: z.string(),
    format: z.enum(['nifti', 'dicom']),
    sizeBytes: z.number(),
    fileCount: z.number().int(),
    createdAt: Iso,
  })
  .meta({ id: 'Scan' });

export const ScanFitDto = z
  .object({ scanId: z.string(), compatible: z.boolean(), reason: z.string().optional().meta({ description: 'Why the version cannot run on this scan, in words' }) })
  .meta({ id: 'ScanFit' });

export const BlobFileDto = z.object({ sha256: Sha256, name: z.string(), size: z.number() }).meta({ id: 'BlobFile' });
export const ScanDetailDto = ScanDto.extend({ files: z.array(BlobFileDto) }).meta({ id: 'ScanDetail' });

export const PipelineSummaryDto = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    updatedAt: Iso,
    activeVersion: z.object({ id: z.string(), semver: z.string() }).nullable(),
    versionCount: z.number().int(),
  })
  .meta({ id: 'PipelineSummary' });

export const IssueDto = z
  .object({
    code: z.enum([
      'schema', 'duplicate-id', 'unknown-kind', 'unknown-version', 'bad-params', 'cycle', 'dangling-edge', 'unknown-port',
      'unconnected-input', 'multiple-sources', 'incompatible-port', 'shape-mismatch', 'model-missing', 'model-shape-mismatch',
      'no-input', 'multiple-inputs', 'no-output', 'graph-too-large', 'scan-mismatch', 'model-contract',
      'duplicate-file-name',
    ]),
    severity: z.enum(['error', 'warning']),
    message: z.string(),
    nodeId: z.string().optional(),
    portId: z.string().optional(),
    edgeId: z.string().optional(),
    path: z.array(z.union([z.string(), z.number()])).optional(),
  })
  .meta({ id: 'Issue' });

export const VersionSummaryDto = z
  .object({ id: z.string(), semver: z.string(), notes: z.string(), contentHash: z.string(), createdAt: Iso })
  .meta({ id: 'VersionSummary' });

const Graph = PipelineGraphSchema.meta({ id: 'PipelineGraph' });

export const PipelineDetailDto = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    draft: Graph,
    draftUpdatedAt: Iso,
    activeVersionId: z.string().nullable(),
    issues: z.array(IssueDto),
    versions: z.array(VersionSummaryDto),
  })
  .meta({ id: 'PipelineDetail' });

const Pins = VersionPinsSchema.nullable().describe('node kind@versions, model sha256s and runtime packages it was built against');

export const VersionDto = z
  .object({ id: z.string(), pipelineId: z.string(), semver: z.string(), notes: z.string(), graph: Graph, contentHash: z.string(), pins: Pins, createdAt: Iso })
  .meta({ id: 'Version' });

/** A version published under acceptance criteria: its gate's state (null: no criteria); overridden = published over failed criteria. */
const GateFields = { gate: z.enum(GATE_STATES).nullable(), publishedOverFailedCriteria: z.boolean() };
export const VersionListItemDto = VersionSummaryDto.extend({ pins: Pins, active: z.boolean(), ...GateFields }).meta({ id: 'VersionListItem' });

const ErrorDto = z.object({ code: z.string(), message: z.string() }).nullable();

export const RunHeaderDto = z
  .object({
    id: z.string(),
    status: RunStatusSchema,
    executor: z.string(),
    versionId: z.string(),
    pipelineId: z.string(),
    pipelineName: z.string(),
    semver: z.string(),
    scan: z.object({ id: z.string(), name: z.string(), format: z.enum(['nifti', 'dicom']) }),
    error: ErrorDto,
    createdAt: Iso,
    startedAt: Iso.nullable(),
    finishedAt: Iso.nullable(),
  })
  .meta({ id: 'RunHeader' });

export const ArtifactDto = z
  .object({
    nodeId: z.string(),
    name: z.string(),
    mediaType: z.string(),
    sha256: Sha256,
    size: z.number(),
    labelCounts: z.record(z.string(), z.number()).optional(),
  })
  .meta({ id: 'Artifact' });

export const RunDetailDto = RunHeaderDto.extend({
  nodes: z.array(
    z.object({
      nodeId: z.string(),
      kind: z.string(),
      status: NodeStatusSchema,
      ms: z.number().nullable(),
      progress: z.number(),
      attempts: z.number().int(),
      error: ErrorDto,
    }),
  ),
  artifacts: z.array(ArtifactDto),
}).meta({ id: 'RunDetail' });

/** An output with the URL that downloads it (relative to the server's origin). */
export const RunOutputDto = ArtifactDto.extend({ downloadUrl: z.string() }).meta({ id: 'RunOutput' });
export const RunOutputsDto = z.object({ runId: z.string(), status: RunStatusSchema, outputs: z.array(RunOutputDto) }).meta({ id: 'RunOutputs' });

export const StartedRunDto = z.object({ runId: z.string() }).meta({ id: 'StartedRun' });
export const CancelledRunDto = z.object({ runId: z.string(), status: RunStatusSchema }).meta({ id: 'CancelledRun' });
