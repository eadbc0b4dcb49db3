export { guessRecordFormat, type OpenRecordFileOptions, openRecordFile } from './open-record-file.ts';
export {
  RECORD_FORMATS,
  type RecordFormat,
  type RecordSource,
  type SourceProgress,
  type SourceRecord,
} from './record-source.ts';
