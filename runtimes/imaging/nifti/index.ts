export { readNifti, readNiftiAsync } from './read';
export { writeNifti, writeNiftiAsync, type WriteNiftiOptions } from './write';
export { isGzip } from './gzip';
