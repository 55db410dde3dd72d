import { z } from 'zod';

/*
 * Zod building blocks shared by node param schemas. Every params object is a `z.strictObject`
 * so a typo in a hand-written pipeline file is a `bad-params` issue, not a silently ignored key.
 */

/** Integer voxel triple in volume order [x, y, z]. */
export const intTriple = (item: z.ZodNumber) => z.tuple([item, item, item]);

/** Output file name: a bare name (no directories), so artifacts cannot escape the run folder. */
export const fileName = (fallback: string) =>
  z
    .string()
    .regex(/^[^/\\]+$/, 'a bare file name without directories')
    .max(200)
    .default(fallback)
    .meta({ description: 'Name of the written file' });

/** An optional axial slice index of the image (null: the node's own choice, said in `description`). */
export const axialSlice = (description: string) => z.number().int().min(0).nullable().default(null).meta({ unit: 'voxels', description });

/** How opaque labels are drawn over the image. */
export const labelOpacity = () => z.number().min(0).max(1).default(0.5).meta({ description: 'Label opacity, 0 to 1' });

/** RGB colour, 0-255 per channel. */
export const rgb = z.tuple([
  z.number().int().min(0).max(255),
  z.number().int().min(0).max(255),
  z.number().int().min(0).max(255),
]);
