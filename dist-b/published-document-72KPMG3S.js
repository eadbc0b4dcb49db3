import {
  PUBLISHED_DOCUMENT_ROLES,
  publishedContract,
  publishedDocumentKind,
  samePublishedData,
} from './chunk-B2BX6XU6.js';
import './chunk-XYK6DAA3.js';
import './chunk-EKUJCVLF.js';
import './chunk-47QYJMV7.js';
import './chunk-Z2USMJAC.js';
export { PUBLISHED_DOCUMENT_ROLES, publishedContract, publishedDocumentKind, samePublishedData };
