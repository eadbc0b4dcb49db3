import { AuditKey, MIN_AUDIT_KEY_BYTES } from './chunk-EKI4FYMO.js';
import './chunk-Z2USMJAC.js';
export { AuditKey, MIN_AUDIT_KEY_BYTES };
