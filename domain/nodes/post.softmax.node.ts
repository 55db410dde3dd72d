import { activationSpec } from './activation';

export const postSoftmax = activationSpec('post.softmax', 'Softmax', 'Class scores (logits) [1,C,z,y,x] to probabilities: softmax over the channels at each voxel (numerically stable).');
