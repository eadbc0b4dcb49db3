import { QUALITY_LEVELS, isQualityLevel } from './chunk-K5DZIQWA.js';
import { MeshError } from './chunk-Z2USMJAC.js';

// dist/core/lifecycle.js
var PRODUCT_STATUSES = ['draft', 'published', 'deprecated', 'archived'];
var TRANSITIONS = {
  draft: ['published', 'archived'],
  published: ['deprecated'],
  deprecated: ['published', 'archived'],
  archived: [],
};
function isProductStatus(value) {
  return typeof value === 'string' && PRODUCT_STATUSES.includes(value);
}
function allowedTransitions(from) {
  return TRANSITIONS[from];
}
function canTransition(from, to) {
  return TRANSITIONS[from].includes(to);
}

// dist/catalog/search/search-terms.js
var SEARCH_PLACES = ['name', 'field', 'tag', 'domain', 'owner', 'description', 'field_description'];
var PLACE_WEIGHTS = {
  name: 100,
  field: 40,
  tag: 30,
  domain: 15,
  owner: 15,
  description: 10,
  field_description: 8,
};
var PREFIX_SHARE = 0.6;
var EXACT_NAME_BONUS = 1e3;
var NAME_PREFIX_BONUS = 200;
var MIN_PREFIX_LENGTH = 2;
var MAX_TERM_LENGTH = 64;
var STOP_WORDS = new Set(
  'a an and are as at be by for from has have in is it its of on or that the this to was were will with'.split(
    ' ',
  ),
);
function identifierParts(word) {
  return word
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((p) => p !== '');
}
function splitWords(text) {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}_]+/u)
    .filter((w) => w !== '');
}
function identifierTerms(text) {
  const out = /* @__PURE__ */ new Set();
  for (const word of text.split(/[^\p{L}\p{N}_-]+/u).filter((w) => w !== '')) {
    const whole = word.toLowerCase();
    if (/^[\p{L}\p{N}_]+$/u.test(whole)) out.add(whole);
    for (const part of identifierParts(word)) out.add(part);
  }
  return [...out].filter((t) => t.length <= MAX_TERM_LENGTH);
}
function textTerms(text) {
  const out = /* @__PURE__ */ new Set();
  for (const term of identifierTerms(text)) {
    if (term.length > 1 && !STOP_WORDS.has(term)) out.add(term);
  }
  return [...out];
}
function productPlaces(d) {
  const shortName = d.id.slice(d.id.indexOf('.') + 1);
  const places = [
    { place: 'name', value: d.name, text: `${shortName} ${d.name}` },
    { place: 'domain', value: d.domain, text: d.domain },
    { place: 'owner', value: d.owner, text: d.owner },
    { place: 'description', value: d.description, text: d.description },
  ];
  for (const tag of d.tags) places.push({ place: 'tag', value: tag, text: tag });
  for (const f of d.schema.fields) {
    places.push({ place: 'field', value: f.name, text: f.name });
    if (f.description) places.push({ place: 'field_description', value: f.name, text: f.description });
  }
  return places;
}
function placeTerms(p) {
  return p.place === 'description' || p.place === 'field_description'
    ? textTerms(p.text)
    : identifierTerms(p.text);
}
function productTerms(d) {
  const best = /* @__PURE__ */ new Map();
  for (const p of productPlaces(d)) {
    const w = PLACE_WEIGHTS[p.place];
    for (const t of placeTerms(p)) if ((best.get(t) ?? 0) < w) best.set(t, w);
  }
  return [...best].map(([term, weight]) => ({ term, weight, prefixWeight: prefixWeight(weight) }));
}
function prefixWeight(weight) {
  return Math.round(weight * PREFIX_SHARE);
}
function queryWords(text) {
  const words = [...new Set(splitWords(text).filter((w) => w.length <= MAX_TERM_LENGTH))];
  const meaningful = words.filter((w) => !STOP_WORDS.has(w));
  return meaningful.length > 0 ? meaningful : words;
}
function phraseKey(text) {
  return text.toLowerCase().trim().replace(/\s+/g, ' ');
}
function wordMatches(word, term) {
  if (term === word) return 'exact';
  if (word.length >= MIN_PREFIX_LENGTH && term.startsWith(word)) return 'prefix';
  return void 0;
}

// dist/catalog/search/search-query.js
var SEARCH_FACETS = ['domain', 'status', 'tag', 'qualityLevel', 'owner', 'pii'];
var DEFAULT_SEARCH_LIMIT = 20;
var MAX_SEARCH_LIMIT = 1e3;
var MAX_SEARCH_WORDS = 10;
function parseSearchFilters(input) {
  if (input === void 0 || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new MeshError('invalid_input', 'search filters must be an object such as { domain: "sales" }');
  }
  const raw = input;
  const known = ['domain', 'status', 'tag', 'qualityLevel', 'owner', 'pii', 'limit'];
  for (const key of Object.keys(raw)) {
    if (!known.includes(key) && raw[key] !== void 0) {
      throw new MeshError('invalid_input', `unknown search filter ${key}; use one of ${known.join(', ')}`);
    }
  }
  const text = (key) => {
    const v = raw[key];
    if (v === void 0) return void 0;
    if (typeof v !== 'string' || v.trim() === '') {
      throw new MeshError('invalid_input', `search filter ${key} must be non-empty text`);
    }
    return v.trim();
  };
  const out = {};
  const domain = text('domain');
  if (domain !== void 0) out.domain = domain;
  const status = text('status');
  if (status !== void 0) {
    if (!isProductStatus(status)) {
      throw new MeshError(
        'invalid_input',
        `search filter status must be one of ${PRODUCT_STATUSES.join(', ')}; got ${status}`,
      );
    }
    out.status = status;
  }
  const tag = text('tag');
  if (tag !== void 0) out.tag = tag.toLowerCase();
  const level = text('qualityLevel');
  if (level !== void 0) {
    if (!isQualityLevel(level)) {
      throw new MeshError(
        'invalid_input',
        `search filter quality level must be one of ${QUALITY_LEVELS.join(', ')}; got ${level}`,
      );
    }
    out.qualityLevel = level;
  }
  const owner = text('owner');
  if (owner !== void 0) out.owner = phraseKey(owner);
  if (raw.pii !== void 0) {
    if (typeof raw.pii !== 'boolean')
      throw new MeshError('invalid_input', 'search filter pii must be true or false');
    out.pii = raw.pii;
  }
  if (raw.limit !== void 0) {
    const n = raw.limit;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1 || n > MAX_SEARCH_LIMIT) {
      throw new MeshError(
        'invalid_input',
        `search limit must be a whole number from 1 to ${MAX_SEARCH_LIMIT}; got ${String(n)}`,
      );
    }
    out.limit = n;
  }
  return out;
}

export {
  PRODUCT_STATUSES,
  isProductStatus,
  allowedTransitions,
  canTransition,
  SEARCH_PLACES,
  EXACT_NAME_BONUS,
  NAME_PREFIX_BONUS,
  MIN_PREFIX_LENGTH,
  productPlaces,
  placeTerms,
  productTerms,
  prefixWeight,
  queryWords,
  phraseKey,
  wordMatches,
  SEARCH_FACETS,
  DEFAULT_SEARCH_LIMIT,
  MAX_SEARCH_WORDS,
  parseSearchFilters,
};
