import {
  collectDocumentFiles,
  isMeshworkSpec,
  meshworkSpecProblems,
  readProductFolder,
  specFromDocuments,
  validateProductFiles,
} from './chunk-3W3RW7QW.js';
import './chunk-CMCKDKFV.js';
import './chunk-RH4LIB2Q.js';
import './chunk-FXK5COB7.js';
import './chunk-5YITE3UL.js';
import './chunk-K5DZIQWA.js';
import './chunk-VAFVFMKZ.js';
import './chunk-XYK6DAA3.js';
import './chunk-EKUJCVLF.js';
import './chunk-47QYJMV7.js';
import './chunk-Z2USMJAC.js';
export {
  collectDocumentFiles,
  isMeshworkSpec,
  meshworkSpecProblems,
  readProductFolder,
  specFromDocuments,
  validateProductFiles,
};
