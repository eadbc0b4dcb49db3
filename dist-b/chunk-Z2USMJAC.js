// dist/core/errors.js
var MeshError = class extends Error {
  code;
  details;
  constructor(code, message, options = {}) {
    super(message, options.cause === void 0 ? void 0 : { cause: options.cause });
    this.name = 'MeshError';
    this.code = code;
    this.details = options.details;
  }
};
var ContractViolationError = class extends MeshError {
  issues;
  constructor(message, issues, options = {}) {
    super('contract_violation', message, options);
    this.name = 'ContractViolationError';
    this.issues = issues;
  }
};
var PolicyDeniedError = class extends MeshError {
  policyId;
  reason;
  constructor(policyId, reason, options = {}) {
    super('policy_denied', `policy ${policyId} denied the operation: ${reason}`, options);
    this.name = 'PolicyDeniedError';
    this.policyId = policyId;
    this.reason = reason;
  }
};
function isMeshError(value) {
  return value instanceof MeshError;
}
function formatPath(path) {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}

export { MeshError, ContractViolationError, PolicyDeniedError, isMeshError, formatPath };
