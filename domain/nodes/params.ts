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

/** RGB colour, 0-255 per channel. */
export const rgb = z.tuple([
  z.number().int().min(0).max(255),
  z.number().int().min(0).max(255),
  z.number().int().min(0).max(255),
]);
