import {
  WORLDBANK_CONNECTOR,
  parseYears,
  worldBankProductSpec,
  worldBankPullScope,
} from './chunk-IW44DZUN.js';
import './chunk-Z2USMJAC.js';
export { WORLDBANK_CONNECTOR, parseYears, worldBankProductSpec, worldBankPullScope };
