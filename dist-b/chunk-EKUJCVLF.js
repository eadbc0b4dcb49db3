// dist/contract/plain-data.js
function isPlainObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function asObject(value) {
  return isPlainObject(value) ? value : void 0;
}
function asArray(value) {
  return Array.isArray(value) ? value : [];
}
function asString(value) {
  return typeof value === 'string' && value !== '' ? value : void 0;
}
function asNumber(value) {
  return typeof value === 'number' && Number.isFinite(value) ? value : void 0;
}
function asBoolean(value) {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return void 0;
}
function isScalarValue(value) {
  return (
    value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
  );
}
function stringList(value) {
  return asArray(value).filter((v) => typeof v === 'string');
}
function deepEqual(a, b) {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') {
    return Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => deepEqual(v, b[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
}
function cloneData(value) {
  return structuredClone(value);
}
function deepFreeze(value) {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
function getAt(value, path) {
  let cur = value;
  for (const part of path) {
    if (typeof part === 'number') {
      if (!Array.isArray(cur)) return void 0;
      cur = cur[part];
    } else {
      if (!isPlainObject(cur)) return void 0;
      cur = cur[part];
    }
  }
  return cur;
}
function customProperty(owner, name) {
  const wanted = name.toLowerCase();
  for (const entry of asArray(asObject(owner)?.customProperties)) {
    const e = asObject(entry);
    if (typeof e?.property === 'string' && e.property.toLowerCase() === wanted) return e.value;
  }
  return void 0;
}
function customPropertyIndex(owner, name) {
  const wanted = name.toLowerCase();
  return asArray(asObject(owner)?.customProperties).findIndex((entry) => {
    const e = asObject(entry);
    return typeof e?.property === 'string' && e.property.toLowerCase() === wanted;
  });
}

export {
  isPlainObject,
  asObject,
  asArray,
  asString,
  asNumber,
  asBoolean,
  isScalarValue,
  stringList,
  deepEqual,
  cloneData,
  deepFreeze,
  getAt,
  customProperty,
  customPropertyIndex,
};
