// dist/core/descriptor.js
var PRODUCT_ID_PATTERN = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;
var FIELD_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

// dist/core/quality-level.js
var QUALITY_LEVELS = ['bronze', 'silver', 'gold'];
function isQualityLevel(value) {
  return typeof value === 'string' && QUALITY_LEVELS.includes(value);
}

export { QUALITY_LEVELS, isQualityLevel, PRODUCT_ID_PATTERN, FIELD_NAME_PATTERN };
