/**
 * Stands in for Node built-ins (`fs`) in the browser bundle: the emscripten glue of the DICOM
 * codecs requires them only inside its ENVIRONMENT_IS_NODE branch, which never runs in a page.
 */
export {};
