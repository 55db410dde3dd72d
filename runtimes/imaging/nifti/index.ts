export { readNifti, readNiftiAsync } from './read';
export { writeNifti, type WriteNiftiOptions } from './write';
export { isGzip } from './gzip';
