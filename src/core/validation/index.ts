export {
  assertValidRecord,
  compileRecordValidator,
  type RecordValidation,
  type RecordValidator,
  type RecordValidatorOptions,
  validateRecord,
} from './compile-record-validator.ts';
