import type { z } from 'zod';
import type { PortType } from '../ports';
import type { NodeCost } from '../cost/node-cost';
import type { ModelLookup } from '../models/signature';
import type { Issue } from '../validation/issue';

/** How a scan is stored: one NIfTI file, or the DICOM files of one series. */
export type ScanFormat = 'nifti' | 'dicom';

export type NodeCategory = 'input' | 'preprocess' | 'model' | 'postprocess' | 'output';

/** Runtime targets a node can execute on (runtimes register under the same names). */
export type Target = 'server-cpu' | 'browser-wasm' | 'browser-webgpu' | 'edge-node';
export const ALL_TARGETS: Target[] = ['server-cpu', 'browser-wasm', 'browser-webgpu', 'edge-node'];

export interface PortSpec {
  id: string;
  label: string;
  /** The declared type; `inferOutputs` may refine output shapes from params and inputs. */
  type: PortType;
  optional?: boolean;
}

export interface InferContext<P> {
  params: P;
  /** Resolved types of connected inputs (after upstream inference); missing when unconnected. */
  inputs: Record<string, PortType | undefined>;
  models: ModelLookup;
}

/** Values the kernel calibration holds (server/cost/kernels.ts): the phantom scan's class scores and what samples provide. */
export type SampleValue = 'scan' | 'normalized' | 'tiles' | 'scores' | 'labels' | 'report';

/** How the kernel calibration times this kind's kernel on the generated phantom. */
export interface CalibrationSample<P> {
  params?: P;
  /** Input port -> the held value fed to it. */
  inputs?: Record<string, SampleValue>;
  /** Output port -> the name later samples find it under. */
  provides?: Record<string, SampleValue>;
}

/**
 * A node kind is data: palette, inspector form (from `params` via z.toJSONSchema), validator,
 * cost model, interpreter and docs all read this spec. The compute side lives in
 * `runtimes/` keyed by the same `kind@version`.
 */
export interface NodeSpec<S extends z.ZodType = z.ZodType> {
  kind: string;
  version: number;
  title: string;
  category: NodeCategory;
  description: string;
  inputs: PortSpec[];
  outputs: PortSpec[];
  /** zod object with defaults; `.meta({ unit })` on fields carries units for the form. */
  params: S;
  targets: Target[];
  /** Relative compute weight per voxel processed (1 = one pass over a float32 volume). */
  costWeight: number;
  /** Refine output port types (shapes) from params and resolved inputs. Pure. */
  inferOutputs?: (ctx: InferContext<z.infer<S>>) => Record<string, PortType>;
  /** Refine the types an input port accepts (e.g. a model's real input shape). Pure. */
  inferInputs?: (ctx: Omit<InferContext<z.infer<S>>, 'inputs'>) => Record<string, PortType>;
  /** Node-specific checks beyond param schema and port compatibility. Pure. */
  check?: (ctx: InferContext<z.infer<S>> & { nodeId: string }) => Issue[];
  /** Output sizes and work from parsed params and input sizes (domain/cost/estimate.ts); absent: one pass per costWeight. */
  cost?: NodeCost<z.infer<S>>;
  /** Params holding a model reference (domain/models/refs.ts finds a graph's models through them). */
  modelParams?: readonly (keyof z.infer<S> & string)[];
  /** The voxel orientation code the node's output is stored in, when its params fix one (model contracts check it). */
  setsOrientation?: (params: z.infer<S>) => string | undefined;
  /** Input nodes: the scan formats the node reads and how to ask for a scan (preflight, edge bundle manifest). */
  reads?: { formats: readonly ScanFormat[]; description: string };
  /** How the kernel calibration times the kernel; absent: not measured (costWeight passes instead). */
  calibration?: CalibrationSample<z.input<S>>;
  /** Upgrade params from version - 1 (pure); absent on version 1. */
  upgradeFrom?: (params: Record<string, unknown>) => Record<string, unknown>;
}

export function defineNode<S extends z.ZodType>(spec: NodeSpec<S>): NodeSpec<S> {
  return spec;
}
