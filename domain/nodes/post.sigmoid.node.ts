import { activationSpec } from './activation';

export const postSigmoid = activationSpec('post.sigmoid', 'Sigmoid', 'Scores [1,C,z,y,x] to independent probabilities: 1 / (1 + e^-x) per value (multi-label models).');
