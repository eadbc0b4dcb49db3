import { diffContracts, diffDeclared, diffVersions } from './chunk-7A37FNTG.js';
import './chunk-3HSDKXCL.js';
import './chunk-5YITE3UL.js';
import './chunk-K5DZIQWA.js';
import './chunk-VAFVFMKZ.js';
import './chunk-EKUJCVLF.js';
import './chunk-Z2USMJAC.js';
export { diffContracts, diffDeclared, diffVersions };
