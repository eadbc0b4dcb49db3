import {
  BUMP_LEVELS,
  assertVersionBump,
  bumpLevel,
  checkVersionBump,
  requiredBump,
} from './chunk-FGG3P6FT.js';
import './chunk-Z2USMJAC.js';
export { BUMP_LEVELS, assertVersionBump, bumpLevel, checkVersionBump, requiredBump };
