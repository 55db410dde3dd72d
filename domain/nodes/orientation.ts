/**
 * The 48 orientation codes (one letter from each of L/R, A/P, S/I, in any order): letter a names
 * the world direction voxel axis a points towards as its index grows, as nibabel and FreeSurfer
 * write them (RAS, LPS, FreeSurfer's conformed LIA).
 */
const PAIRS = [['L', 'R'], ['P', 'A'], ['S', 'I']] as const;
const PERMS = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];

export const ORIENTATION_CODES: readonly string[] = PERMS.flatMap((p) =>
  [0, 1, 2, 3, 4, 5, 6, 7].map((bits) => p.map((axis, a) => PAIRS[axis][(bits >> a) & 1]).join('')),
);
