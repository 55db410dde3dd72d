export { readNifti } from './read';
export { writeNifti, type WriteNiftiOptions } from './write';
export { isGzip } from './gzip';
