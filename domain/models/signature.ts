import { z } from 'zod';
import { ModelCardSchema } from '../cards/card';
import { ModelContractSchema } from './contract';

/** What the studio knows of an ONNX model, read from the model file itself (never typed in). */
export const TensorInfoSchema = z.object({
  name: z.string(),
  /** ONNX element type name: float32, float16, int64, uint8... */
  dtype: z.string(),
  /** Fixed dims are numbers; symbolic or unknown dims are null (their symbol, if any, in `symbols`). */
  shape: z.array(z.number().int().nullable()),
  symbols: z.array(z.string().nullable()).optional(),
});

export const ModelSignatureSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  inputs: z.array(TensorInfoSchema).min(1),
  outputs: z.array(TensorInfoSchema).min(1),
  irVersion: z.number().int(),
  opsets: z.record(z.string(), z.number().int()),
  /** Distinct operator types used (domain-qualified when not the default domain). */
  operators: z.array(z.string()),
  producer: z.string().optional(),
  sizeBytes: z.number().int().nonnegative(),
  /** What the model expects and gives, from its metadata_props (contract.ts). */
  contract: ModelContractSchema.optional(),
  /** The model card its metadata_props carry (domain/cards/onnx-props.ts), prefilling the card at registration. */
  card: ModelCardSchema.optional(),
});

export type TensorInfo = z.infer<typeof TensorInfoSchema>;
export type ModelSignature = z.infer<typeof ModelSignatureSchema>;

/** How the validator finds a model's signature; the server backs it with the models table. */
export type ModelLookup = (ref: ModelRef) => ModelSignature | undefined;

/** Model reference in a `model.onnx` node: by content hash, or by file name (CLI `--models DIR`). */
export const ModelRefSchema = z.union([
  z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/, 'sha256 is 64 lowercase hex chars') }),
  z.object({ file: z.string().min(1).regex(/^[^/\\]+\.onnx$/, 'a bare .onnx file name') }),
]);
export type ModelRef = z.infer<typeof ModelRefSchema>;
