/**
 * Files that a folder of DICOM slices drags along and that are not slices: the DICOMDIR index,
 * hidden files (.DS_Store, macOS `._` resource forks) and Windows' Thumbs.db / desktop.ini.
 * One rule for the browser (upload and "run in my browser") and the server (scan creation).
 */
const NOT_A_SLICE = /^(DICOMDIR|\..*|Thumbs\.db|desktop\.ini)$/i;

/** `name` may carry a folder path (either separator): only the base name counts. */
export const isNotASlice = (name: string) => NOT_A_SLICE.test(name.split(/[\\/]/).pop() ?? name);
