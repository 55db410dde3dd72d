export { readDicomSeries, type DicomSeriesResult } from './series';
export { parseDicom } from './parse';
export { transferSyntaxName } from './transfer-syntax';
