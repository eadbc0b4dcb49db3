import { bindSql, replaceSpans } from './chunk-CMCKDKFV.js';
import {
  DEFAULT_SEARCH_LIMIT,
  EXACT_NAME_BONUS,
  MAX_SEARCH_WORDS,
  MIN_PREFIX_LENGTH,
  NAME_PREFIX_BONUS,
  PRODUCT_STATUSES,
  SEARCH_PLACES,
  isProductStatus,
  phraseKey,
  placeTerms,
  prefixWeight,
  productPlaces,
  productTerms,
  queryWords,
  wordMatches,
} from './chunk-N4LOYPPM.js';
import { quoteAnsiIdent } from './chunk-U5VUA65D.js';
import { meetsThreshold } from './chunk-5YITE3UL.js';
import { MeshError } from './chunk-Z2USMJAC.js';

// dist/catalog/product-registry.js
import semver from 'semver';

// dist/catalog/search/inverted-index.js
function grow(from, to) {
  to.set(from);
  return to;
}
function compare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
var InvertedIndex = class {
  #docs;
  #terms;
  /** Postings of term `t` are positions `#start[t]` to `#start[t + 1]` of `#postDoc` and `#postWeight`. */
  #start;
  #postDoc;
  #postWeight;
  constructor(docs) {
    this.#docs = [...docs].sort((a, b) => compare(a.productId, b.productId));
    docs = this.#docs;
    const ids = /* @__PURE__ */ new Map();
    const unsorted = [];
    let termOf = new Int32Array(1 << 16);
    let docOf = new Int32Array(1 << 16);
    let weightOf = new Int16Array(1 << 16);
    let total = 0;
    docs.forEach((d, doc) => {
      for (const group of d.terms.split(';')) {
        const eq = group.indexOf('=');
        if (eq < 0) continue;
        const weight = Number(group.slice(0, eq));
        for (const term of group.slice(eq + 1).split(' ')) {
          if (term === '') continue;
          let id = ids.get(term);
          if (id === void 0) {
            id = unsorted.length;
            ids.set(term, id);
            unsorted.push(term);
          }
          if (total === termOf.length) {
            termOf = grow(termOf, new Int32Array(total * 2));
            docOf = grow(docOf, new Int32Array(total * 2));
            weightOf = grow(weightOf, new Int16Array(total * 2));
          }
          termOf[total] = id;
          docOf[total] = doc;
          weightOf[total] = weight;
          total += 1;
        }
      }
    });
    this.#terms = [...unsorted].sort();
    const rank = new Int32Array(unsorted.length);
    this.#terms.forEach((term, position) => {
      rank[ids.get(term)] = position;
    });
    const start = new Int32Array(this.#terms.length + 1);
    for (let k = 0; k < total; k++) {
      const slot = rank[termOf[k]] + 1;
      start[slot] = start[slot] + 1;
    }
    for (let i = 1; i < start.length; i++) start[i] = start[i] + start[i - 1];
    this.#start = start;
    const next = Int32Array.from(start);
    this.#postDoc = new Int32Array(total);
    this.#postWeight = new Int16Array(total);
    for (let k = 0; k < total; k++) {
      const term = rank[termOf[k]];
      const at = next[term];
      this.#postDoc[at] = docOf[k];
      this.#postWeight[at] = weightOf[k];
      next[term] = at + 1;
    }
  }
  /** How many products the index holds. */
  get size() {
    return this.#docs.length;
  }
  /** The first position in the sorted terms that is not before `word`. */
  #lowerBound(word) {
    let lo = 0;
    let hi = this.#terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#terms[mid] < word) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  /** Writes into `best` the points each product earns for one word: exact terms in full, terms it starts in part. */
  #wordScores(word, best) {
    best.fill(0);
    const prefix = word.length >= MIN_PREFIX_LENGTH;
    for (let t = this.#lowerBound(word); t < this.#terms.length; t++) {
      const term = this.#terms[t];
      const exact = term === word;
      if (!exact && !(prefix && term.startsWith(word))) break;
      const end = this.#start[t + 1];
      for (let k = this.#start[t]; k < end; k++) {
        const w = this.#postWeight[k];
        const points = exact ? w : prefixWeight(w);
        const doc = this.#postDoc[k];
        if (best[doc] < points) best[doc] = points;
      }
    }
  }
  /**
   * Ranks the products matching every word (and the filters): the sum of each word's best points, plus a bonus
   * when the whole phrase is the product's id or name, or starts one of them. Ties go to the smaller id.
   */
  search(words, phrase, filters, limit) {
    const owner = filters.owner === void 0 ? void 0 : phraseKey(filters.owner);
    const tag = filters.tag?.toLowerCase();
    const passes = (d) =>
      (filters.status === void 0 ? d.status !== 'archived' : d.status === filters.status) &&
      (filters.domain === void 0 || d.domain === filters.domain) &&
      (filters.qualityLevel === void 0 || d.qualityLevel === filters.qualityLevel) &&
      (owner === void 0 || d.ownerKey === owner) &&
      (filters.pii === void 0 || d.hasPii === filters.pii) &&
      (tag === void 0 || d.tags.includes(tag));
    const found = [];
    const n = this.#docs.length;
    if (words.length === 0) {
      for (let doc = 0; doc < n; doc++) if (passes(this.#docs[doc])) found.push({ doc, score: 0 });
    } else {
      const total = new Int32Array(n);
      const hits = new Uint8Array(n);
      const best = new Int16Array(n);
      for (const word of words) {
        this.#wordScores(word, best);
        for (let doc = 0; doc < n; doc++) {
          const points = best[doc];
          if (points > 0) {
            total[doc] = total[doc] + points;
            hits[doc] = hits[doc] + 1;
          }
        }
      }
      for (let doc = 0; doc < n; doc++) {
        if (hits[doc] !== words.length) continue;
        const d = this.#docs[doc];
        if (!passes(d)) continue;
        let score = total[doc];
        if (d.productId === phrase || d.nameKey === phrase || d.shortKey === phrase)
          score += EXACT_NAME_BONUS;
        else if (
          d.productId.startsWith(phrase) ||
          d.nameKey.startsWith(phrase) ||
          d.shortKey.startsWith(phrase)
        ) {
          score += NAME_PREFIX_BONUS;
        }
        found.push({ doc, score });
      }
    }
    found.sort((a, b) => b.score - a.score || a.doc - b.doc);
    const products = found
      .slice(0, limit)
      .map((f) => ({ productId: this.#docs[f.doc].productId, score: f.score }));
    return { products, facets: facetsOf(found.map((f) => this.#docs[f.doc])) };
  }
};
function counted(values) {
  const counts = /* @__PURE__ */ new Map();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return Object.fromEntries(
    [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
  );
}
function facetsOf(docs) {
  const pii = docs.filter((d) => d.hasPii).length;
  return {
    domain: counted(docs.map((d) => d.domain)),
    status: counted(docs.map((d) => d.status)),
    tag: counted(docs.flatMap((d) => d.tags)),
    qualityLevel: counted(docs.map((d) => d.qualityLevel)),
    owner: counted(docs.map((d) => d.ownerKey)),
    pii: { yes: pii, no: docs.length - pii },
  };
}

// dist/catalog/search/search-store.js
var SEARCH_INDEX_VERSION = '1';
var INSERT_CHUNK = 200;
var DOC_COLUMNS =
  'product_id, name_key, short_key, domain, status, owner_key, quality_level, has_pii, tags, terms';
function toSearchDoc(d) {
  return {
    productId: d.id,
    nameKey: phraseKey(d.name),
    shortKey: d.id.slice(d.id.indexOf('.') + 1),
    domain: d.domain,
    status: d.status,
    // Tabs and line breaks separate packed entries (see load); phraseKey leaves single spaces only.
    ownerKey: phraseKey(d.owner),
    qualityLevel: d.qualityLevel,
    hasPii: d.schema.fields.some((f) => f.pii === true),
    tags: d.tags.map((t) => t.toLowerCase()),
    terms: encodeTerms(productTerms(d)),
  };
}
function encodeTerms(terms) {
  const groups = /* @__PURE__ */ new Map();
  for (const t of terms) {
    const list = groups.get(t.weight);
    if (list) list.push(t.term);
    else groups.set(t.weight, [t.term]);
  }
  return [...groups].map(([w, list]) => `${w}=${list.join(' ')}`).join(';');
}
function toRow(doc) {
  return [
    doc.productId,
    doc.nameKey,
    doc.shortKey,
    doc.domain,
    doc.status,
    doc.ownerKey,
    doc.qualityLevel,
    doc.hasPii,
    JSON.stringify(doc.tags),
    doc.terms,
  ];
}
var PACKED = `string_agg(product_id || chr(9) || name_key || chr(9) || short_key || chr(9) || domain || chr(9) ||
  status || chr(9) || owner_key || chr(9) || quality_level || chr(9) || CASE WHEN has_pii THEN 't' ELSE 'f' END ||
  chr(9) || tags || chr(9) || terms, chr(10))`;
function unpack(line) {
  const c = line.split('	');
  return {
    productId: c[0] ?? '',
    nameKey: c[1] ?? '',
    shortKey: c[2] ?? '',
    domain: c[3] ?? '',
    status: c[4] ?? 'draft',
    ownerKey: c[5] ?? '',
    qualityLevel: c[6] ?? 'bronze',
    hasPii: c[7] === 't',
    tags: JSON.parse(c[8] ?? '[]'),
    terms: c[9] ?? '',
  };
}
var SearchStore = class {
  /** Writes (or replaces) the index entries of products and bumps the generation. */
  async put(s, descriptors, replace = true) {
    if (descriptors.length === 0) return;
    if (replace) {
      const ids = descriptors.map((d) => d.id);
      await s.execute(
        `DELETE FROM mw_search_docs WHERE product_id IN (${ids.map((_, i) => `$${i + 1}`).join(', ')})`,
        ids,
      );
    }
    const rows = descriptors.map((d) => toRow(toSearchDoc(d)));
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const chunk = rows.slice(i, i + INSERT_CHUNK);
      const width = 10;
      const values = chunk.map(
        (_, r) => `(${Array.from({ length: width }, (_2, c) => `$${r * width + c + 1}`).join(', ')})`,
      );
      await s.execute(
        `INSERT INTO mw_search_docs (${DOC_COLUMNS}) VALUES ${values.join(', ')}`,
        chunk.flat(),
      );
    }
    await this.#bump(s);
  }
  async #bump(s) {
    const n = await s.execute(
      "UPDATE mw_meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) WHERE key = 'search_generation'",
    );
    if (n === 0) await s.execute("INSERT INTO mw_meta (key, value) VALUES ('search_generation', '1')");
  }
  /** Replaces every entry with those of the given products and records the index version. */
  async rebuild(s, descriptors) {
    await s.execute('DELETE FROM mw_search_docs');
    await this.put(s, descriptors, false);
    await s.execute(
      `INSERT INTO mw_meta (key, value) VALUES ('search_index_version', $1)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [SEARCH_INDEX_VERSION],
    );
  }
  /** Tells whether the stored entries were written by this version of the code. */
  async isCurrent(s) {
    const rows = await s.query("SELECT value FROM mw_meta WHERE key = 'search_index_version'");
    return rows[0]?.value === SEARCH_INDEX_VERSION;
  }
  /** The current generation: it changes whenever any entry changes. */
  async generation(s) {
    const rows = await s.query("SELECT value FROM mw_meta WHERE key = 'search_generation'");
    return String(rows[0]?.value ?? '0');
  }
  /** Reads every entry with the generation it belongs to (both in one statement, so they agree). */
  async load(s) {
    const rows =
      await s.query(`SELECT ${PACKED} AS docs, (SELECT value FROM mw_meta WHERE key = 'search_generation') AS generation
       FROM mw_search_docs`);
    const row = rows[0];
    const packed = row?.docs;
    const docs = typeof packed === 'string' && packed !== '' ? packed.split('\n').map(unpack) : [];
    return { generation: String(row?.generation ?? '0'), docs };
  }
};

// dist/catalog/search/search-index.js
function findMatches(d, words) {
  const out = [];
  for (const p of productPlaces(d)) {
    const lower = p.text.toLowerCase();
    const candidates = words.filter((w) => lower.includes(w));
    if (candidates.length === 0) continue;
    const terms = placeTerms(p);
    for (const word of candidates) {
      let kind;
      for (const term of terms) {
        const m = wordMatches(word, term);
        if (m === 'exact' || (m === 'prefix' && kind === void 0)) kind = m;
        if (kind === 'exact') break;
      }
      if (kind !== void 0) out.push({ place: p.place, value: p.value, word, exact: kind === 'exact' });
    }
  }
  const rank = (m) => SEARCH_PLACES.indexOf(m.place) * 2 + (m.exact ? 0 : 1);
  return out.sort((a, b) => rank(a) - rank(b));
}
var SearchIndex = class {
  #store = new SearchStore();
  #cached;
  /** Indexes a new product. */
  async add(s, d) {
    await this.#store.put(s, [d], false);
  }
  /** Indexes a product again, replacing its previous entry. */
  async put(s, d) {
    await this.#store.put(s, [d]);
  }
  /** Re-indexes every product from the given descriptors when the stored index was built by other code. */
  async ensure(s, all) {
    if (await this.#store.isCurrent(s)) return;
    await this.#store.rebuild(s, await all());
  }
  /** The in-memory index for the stored generation, (re)built when the catalog changed since the last search. */
  async #index(s) {
    const generation = await this.#store.generation(s);
    if (this.#cached?.generation === generation) return this.#cached.index;
    const loaded = await this.#store.load(s);
    const index = new InvertedIndex(loaded.docs);
    this.#cached = { generation: loaded.generation, index };
    return index;
  }
  /**
   * Finds products by text and filters, best first. Every query word must match a term of the product (exactly,
   * or as its start); see `docs/catalog.md` for the scoring. `load` reads the descriptors of the page's products.
   * @throws MeshError `invalid_input` for a text without words or with too many words.
   */
  async search(s, text, filters, load) {
    const words = queryWords(text);
    if (text.trim() !== '' && words.length === 0) {
      throw new MeshError(
        'invalid_input',
        `search text ${JSON.stringify(text)} has no letters or digits; give a word, or an empty text with filters`,
      );
    }
    if (words.length > MAX_SEARCH_WORDS) {
      throw new MeshError(
        'invalid_input',
        `search text has ${words.length} words; use at most ${MAX_SEARCH_WORDS} and filters for the rest`,
      );
    }
    const index = await this.#index(s);
    const { products: ranked, facets } = index.search(
      words,
      phraseKey(text),
      filters,
      filters.limit ?? DEFAULT_SEARCH_LIMIT,
    );
    if (ranked.length === 0) return Object.assign([], { facets });
    const byId = new Map((await load(ranked.map((r) => r.productId))).map((d) => [d.id, d]));
    const hits = [];
    for (const r of ranked) {
      const d = byId.get(r.productId);
      if (!d) continue;
      hits.push({
        productId: d.id,
        score: r.score,
        matched: findMatches(d, words),
        name: d.name,
        domain: d.domain,
        owner: d.owner,
        status: d.status,
        qualityLevel: d.qualityLevel,
        description: d.description,
      });
    }
    return Object.assign(hits, { facets });
  }
};

// dist/catalog/product-registry.js
function assertProductListFilter(filter) {
  if (filter.status !== void 0 && !isProductStatus(filter.status)) {
    throw new MeshError(
      'invalid_input',
      `status filter must be one of ${PRODUCT_STATUSES.join(', ')}; got ${filter.status}`,
    );
  }
  if (filter.domain !== void 0 && (typeof filter.domain !== 'string' || filter.domain.trim() === '')) {
    throw new MeshError('invalid_input', 'domain filter must be a domain name such as sales');
  }
}
function toRecord(row) {
  return {
    descriptor: JSON.parse(String(row.descriptor)),
    tableName: String(row.table_name),
    lastWriteAt:
      row.last_write_at === null || row.last_write_at === void 0 ? null : String(row.last_write_at),
  };
}
function storageGeneration(version) {
  const [major = '0', minor = '0'] = version.split('.');
  return major === '0' ? `0_${minor}` : major;
}
function generationLabel(generation) {
  return generation.replace('_', '.');
}
function parseGeneration(input) {
  const text = input.trim().replace(/^v/, '');
  if (/^[1-9][0-9]*$/.test(text)) return text;
  const zero = /^0\.([0-9]+)(\.[0-9]+)?$/.exec(text);
  if (zero) return `0_${Number(zero[1])}`;
  if (/^[1-9][0-9]*\.[0-9]+\.[0-9]+([-+].*)?$/.test(text)) return storageGeneration(text);
  throw new MeshError(
    'invalid_input',
    `version "${input}" is not a version to read; give a major version such as 1, or 0.2 below 1.0.0`,
  );
}
function productTableName(id, version) {
  return `data_${id.replace('.', '__')}__v${storageGeneration(version)}`;
}
function legacyTableName(id, version) {
  return `data_${id.replace('.', '__')}__v${version.split('.')[0] ?? '0'}`;
}
var ProductRegistry = class {
  #search;
  constructor(search = new SearchIndex()) {
    this.#search = search;
  }
  /** The catalog's search index, kept current by this registry. */
  get search() {
    return this.#search;
  }
  /** Adds a new product and its first version. */
  async insert(s, descriptor, tableName) {
    const json = JSON.stringify(descriptor);
    await s.execute(
      `INSERT INTO mw_products (id, domain, version, status, table_name, descriptor, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        descriptor.id,
        descriptor.domain,
        descriptor.version,
        descriptor.status,
        tableName,
        json,
        descriptor.createdAt,
        descriptor.updatedAt,
      ],
    );
    await this.#insertVersion(s, descriptor, json);
    await this.#search.add(s, descriptor);
  }
  async #insertVersion(s, descriptor, json) {
    await s.execute(
      `INSERT INTO mw_product_versions (product_id, version, descriptor, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (product_id, version) DO UPDATE SET descriptor = excluded.descriptor`,
      [descriptor.id, descriptor.version, json, descriptor.updatedAt],
    );
  }
  /** Saves a changed descriptor (status, version, metadata) and records the version. */
  async update(s, descriptor, tableName) {
    const json = JSON.stringify(descriptor);
    const params = [descriptor.version, descriptor.status, json, descriptor.updatedAt, descriptor.id];
    const n = await s.execute(
      `UPDATE mw_products SET version = $1, status = $2, descriptor = $3, updated_at = $4${tableName === void 0 ? '' : ', table_name = $6'} WHERE id = $5`,
      tableName === void 0 ? params : [...params, tableName],
    );
    if (n === 0) throw new MeshError('not_found', `product ${descriptor.id} is not in the catalog`);
    await this.#insertVersion(s, descriptor, json);
    await this.#search.put(s, descriptor);
  }
  /** Re-indexes every product when the stored search index was built by another version (or never). */
  async ensureSearchIndex(s) {
    await this.#search.ensure(s, async () => (await this.list(s)).map((r) => r.descriptor));
  }
  /** Reads the descriptors of the given products (unknown ids are skipped). */
  async descriptors(s, ids) {
    if (ids.length === 0) return [];
    const list = ids.map((_, i) => `$${i + 1}`).join(', ');
    const rows = await s.query(`SELECT descriptor FROM mw_products WHERE id IN (${list})`, ids);
    return rows.map((r) => JSON.parse(String(r.descriptor)));
  }
  /** Records the time of a successful write. */
  async touchWrite(s, id, at) {
    await s.execute('UPDATE mw_products SET last_write_at = $1 WHERE id = $2', [at, id]);
  }
  /** Finds a product, or undefined. */
  async find(s, id) {
    const rows = await s.query(
      'SELECT descriptor, table_name, last_write_at FROM mw_products WHERE id = $1',
      [id],
    );
    const row = rows[0];
    return row ? toRecord(row) : void 0;
  }
  /**
   * Lists products, ordered by id.
   * @throws MeshError `invalid_input` for an unknown status.
   */
  async list(s, filter = {}) {
    assertProductListFilter(filter);
    const conds = [];
    const params = [];
    if (filter.domain !== void 0) {
      params.push(filter.domain);
      conds.push(`domain = $${params.length}`);
    }
    if (filter.status !== void 0) {
      params.push(filter.status);
      conds.push(`status = $${params.length}`);
    }
    const where = conds.length > 0 ? ` WHERE ${conds.join(' AND ')}` : '';
    const rows = await s.query(
      `SELECT descriptor, table_name, last_write_at FROM mw_products${where} ORDER BY id`,
      params,
    );
    return rows.map(toRecord);
  }
  /** Lists every recorded version of a product, oldest first. */
  async versions(s, id) {
    const rows = await s.query(
      'SELECT descriptor FROM mw_product_versions WHERE product_id = $1 ORDER BY created_at, version',
      [id],
    );
    return rows.map((r) => JSON.parse(String(r.descriptor)));
  }
  /**
   * Finds the newest recorded version of a product in a storage generation and the table holding its rows, or
   * undefined when the product has no version in it.
   */
  async findGeneration(s, record, generation) {
    const current = record.descriptor;
    if (storageGeneration(current.version) === generation)
      return { descriptor: current, tableName: record.tableName };
    const inGeneration = (await this.versions(s, current.id)).filter(
      (d) => storageGeneration(d.version) === generation,
    );
    const newest = inGeneration.sort((a, b) => semver.compare(a.version, b.version)).at(-1);
    if (newest === void 0) return void 0;
    const named = productTableName(current.id, newest.version);
    const legacy = legacyTableName(current.id, newest.version);
    const tableName = !(await s.tableExists(named)) && (await s.tableExists(legacy)) ? legacy : named;
    return { descriptor: { ...newest, status: current.status }, tableName };
  }
  /** Lists every recorded version of a product, oldest first, with its state, when it was recorded and its table. */
  async versionEntries(s, id) {
    const rows = await s.query(
      'SELECT version, descriptor, created_at FROM mw_product_versions WHERE product_id = $1 ORDER BY created_at, version',
      [id],
    );
    return rows.map((r) => {
      const d = JSON.parse(String(r.descriptor));
      return {
        version: String(r.version),
        status: d.status,
        recordedAt: String(r.created_at),
        tableName: productTableName(id, String(r.version)),
      };
    });
  }
};

// dist/governance/user-sql-functions.js
var USER_SQL_FUNCTIONS = /* @__PURE__ */ new Set([
  // operators spelt as functions
  '+',
  '-',
  '*',
  '/',
  '//',
  '%',
  '**',
  '^',
  '||',
  '<<',
  '>>',
  '&',
  '|',
  '~',
  '~~',
  '!~~',
  '~~*',
  '!~~*',
  '~~~',
  '!~~~',
  '^@',
  '@>',
  '<@',
  '&&',
  '->>',
  'like_escape',
  'not_like_escape',
  'ilike_escape',
  'not_ilike_escape',
  // aggregates
  'count',
  'count_star',
  'count_if',
  'countif',
  'sum',
  'avg',
  'mean',
  'min',
  'max',
  'median',
  'mode',
  'stddev',
  'stddev_pop',
  'stddev_samp',
  'variance',
  'var_pop',
  'var_samp',
  'quantile',
  'quantile_cont',
  'quantile_disc',
  'percentile_cont',
  'percentile_disc',
  'approx_count_distinct',
  'approx_quantile',
  'bool_and',
  'bool_or',
  'every',
  'any_value',
  'first',
  'last',
  'arg_min',
  'arg_max',
  'string_agg',
  'list',
  'array_agg',
  'corr',
  'covar_pop',
  'covar_samp',
  'regr_slope',
  'regr_intercept',
  'regr_r2',
  // window functions
  'row_number',
  'rank',
  'dense_rank',
  'percent_rank',
  'cume_dist',
  'ntile',
  'lag',
  'lead',
  'first_value',
  'last_value',
  'nth_value',
  // conditionals
  'coalesce',
  'nullif',
  'ifnull',
  'greatest',
  'least',
  'if',
  // numbers
  'abs',
  'round',
  'floor',
  'ceil',
  'ceiling',
  'trunc',
  'sqrt',
  'cbrt',
  'power',
  'pow',
  'exp',
  'ln',
  'log',
  'log10',
  'log2',
  'mod',
  'sign',
  'isnan',
  'isinf',
  'isfinite',
  'pi',
  'degrees',
  'radians',
  'sin',
  'cos',
  'tan',
  'asin',
  'acos',
  'atan',
  'atan2',
  // text
  'length',
  'char_length',
  'character_length',
  'octet_length',
  'strlen',
  'lower',
  'upper',
  'lcase',
  'ucase',
  'trim',
  'ltrim',
  'rtrim',
  'btrim',
  'substring',
  'substr',
  'replace',
  'concat',
  'concat_ws',
  'left',
  'right',
  'lpad',
  'rpad',
  'position',
  'strpos',
  'instr',
  'starts_with',
  'ends_with',
  'contains',
  'prefix',
  'suffix',
  'split_part',
  'reverse',
  'repeat',
  'overlay',
  'initcap',
  'regexp_matches',
  'regexp_full_match',
  'regexp_replace',
  'regexp_extract',
  'regexp_like',
  'regexp_count',
  'md5',
  // dates and times
  'extract',
  'date_part',
  'datepart',
  'date_trunc',
  'datetrunc',
  'date_diff',
  'datediff',
  'date_sub',
  'date_add',
  'age',
  'now',
  'current_date',
  'current_timestamp',
  'today',
  'make_date',
  'make_timestamp',
  'epoch',
  'epoch_ms',
  'year',
  'month',
  'day',
  'dayofweek',
  'dayofyear',
  'week',
  'quarter',
  'hour',
  'minute',
  'second',
  'last_day',
  'strftime',
  'strptime',
  'to_char',
  'to_date',
  'to_timestamp',
  'to_number',
  'timezone',
  'to_years',
  'to_months',
  'to_weeks',
  'to_days',
  'to_hours',
  'to_minutes',
  'to_seconds',
  // casts and parameterised types
  'cast',
  'try_cast',
  'typeof',
  // lists and structs built from values
  'list_value',
  'struct_pack',
  'row',
  'array_length',
  'cardinality',
  'len',
  'list_contains',
  'array_contains',
  'list_extract',
  'array_extract',
  'list_slice',
  'array_slice',
  'struct_extract',
]);

// dist/governance/user-sql-guard.js
var PLATFORM_TABLE_PREFIXES = ['mw_', 'data_'];
var CTE_NAME = /^[a-z_][a-z0-9_]*$/;
function qualified(r) {
  return [r.catalog, r.schema, r.name].filter((p) => p !== void 0).join('.');
}
function assertUserSqlAllowed(shape, rules, toSourcePosition = (p) => p) {
  const refuse = (node, why, fix) => {
    const mapped = node.position === void 0 ? node : { ...node, position: toSourcePosition(node.position) };
    const at = mapped.position === void 0 ? '' : ` at position ${mapped.position}`;
    const what = node.kind === 'construct' ? node.name : `${node.kind} ${node.name}`;
    throw new MeshError('policy_denied', `${rules.operation} refused: ${what}${at} ${why}; ${fix}`, {
      details: { operation: rules.operation, node: mapped },
    });
  };
  if (shape.error !== void 0) {
    refuse(
      { kind: 'statement', name: 'statement' },
      `is not one SELECT the engine can parse (${shape.error.split('\n')[0]})`,
      'write a single SELECT (or WITH \u2026 SELECT) query; statements that change data, settings or files are not allowed',
    );
  }
  if (!shape.singleSelect || shape.statements !== 1) {
    refuse(
      { kind: 'statement', name: `${shape.statements} statements` },
      'where one SELECT is allowed',
      'write exactly one SELECT and remove the extra ";"',
    );
  }
  const allowedLower = new Set([...rules.tables.keys()].map((t) => t.toLowerCase()));
  for (const cte of shape.ctes) {
    const lower = cte.name.toLowerCase();
    if (
      !CTE_NAME.test(lower) ||
      allowedLower.has(lower) ||
      PLATFORM_TABLE_PREFIXES.some((p) => lower.startsWith(p)) ||
      shape.systemNamePrefixes.some((p) => lower.startsWith(p))
    ) {
      refuse(
        { kind: 'cte', name: cte.name, ...(cte.position === void 0 ? {} : { position: cte.position }) },
        'takes a name reserved for stored tables, or is not a plain identifier',
        "name CTEs with plain ASCII letters, digits and underscores, not like a platform or system table (mw_, data_, the engine's catalog views)",
      );
    }
  }
  const tables = [];
  for (const r of shape.relations) {
    const at = r.position === void 0 ? {} : { position: r.position };
    if (r.cte) continue;
    const unqualified = r.schema === void 0 && r.catalog === void 0;
    if (!unqualified || !rules.tables.has(r.name)) {
      refuse(
        { kind: 'relation', name: qualified(r), ...at },
        'is not a table this SQL may read',
        `read only ${[...rules.tables.values()].join(', ')} through ${rules.howToRead}`,
      );
    }
    if (!tables.includes(r.name)) tables.push(r.name);
  }
  for (const f of shape.functions) {
    const at = f.position === void 0 ? {} : { position: f.position };
    const name = [f.catalog, f.schema, f.name].filter((p) => p !== void 0).join('.');
    if (f.kind === 'table') {
      refuse(
        { kind: 'function', name, ...at },
        'is a table function',
        `user SQL may call no table functions; read only ${[...rules.tables.values()].join(', ')} through ${rules.howToRead}`,
      );
    }
    const qualifiedOk = (f.schema === void 0 || f.schema === 'main') && f.catalog === void 0;
    if (!qualifiedOk || !USER_SQL_FUNCTIONS.has(f.name)) {
      refuse(
        { kind: 'function', name, ...at },
        'is not on the allow-list of functions',
        'use only arithmetic, text, date, conditional, cast, aggregate and window functions, without a schema (see docs/governance.md)',
      );
    }
  }
  for (const o of shape.others) {
    if (o.kind === 'show' || o.kind === 'unsupported') {
      refuse(
        { kind: 'construct', name: o.detail, ...(o.position === void 0 ? {} : { position: o.position }) },
        'is not allowed in user SQL',
        'write a plain SELECT over the tables it may read',
      );
    }
  }
  return { tables, shape };
}
async function checkUserSql(session, sql, rules) {
  const shape = await session.describeQuery(sql.text);
  return assertUserSqlAllowed(shape, rules, (p) => sql.toSourcePosition(p));
}

// dist/contract/quality-check-sql.js
var num = (expr) => `CAST(${expr} AS DOUBLE PRECISION)`;
var Params = class {
  values = [];
  add(value, cast) {
    this.values.push(value);
    const ref = `$${this.values.length}`;
    return cast === void 0 ? ref : `CAST(${ref} AS ${cast})`;
  }
};
function qualityCheckSql(check, table, quoteIdent, options = {}) {
  const t = quoteIdent(table);
  const limit = Math.max(1, Math.floor(options.sampleLimit ?? 10));
  const keys = (
    check.sampleKeys.length > 0
      ? check.sampleKeys
      : 'field' in check && check.field !== void 0
        ? [check.field]
        : []
  ).map(quoteIdent);
  const byPredicate = (predicate, params) => {
    const sql = `SELECT ${num('COUNT(*)')} AS total, ${num(`COALESCE(SUM(CASE WHEN ${predicate} THEN 1 ELSE 0 END), 0)`)} AS failing FROM ${t}`;
    const samples =
      keys.length === 0
        ? void 0
        : {
            sql: `SELECT ${keys.join(', ')} FROM ${t} WHERE ${predicate} LIMIT ${limit}`,
            params: params.values,
          };
    return samples === void 0
      ? { sql, params: params.values, fromContract: false }
      : { sql, params: params.values, samples, fromContract: false };
  };
  const p = new Params();
  switch (check.kind) {
    case 'not_null': {
      const c = quoteIdent(check.field);
      const missing = (check.missingValues ?? []).filter((v) => v !== null);
      const extra = missing.length === 0 ? '' : ` OR ${c} IN (${missing.map((v) => p.add(v)).join(', ')})`;
      return byPredicate(`(${c} IS NULL${extra})`, p);
    }
    case 'allowed_values': {
      const c = quoteIdent(check.field);
      const values = check.values.filter((v) => v !== null);
      if (values.length === 0) return byPredicate(`${c} IS NOT NULL`, p);
      return byPredicate(`(${c} IS NOT NULL AND ${c} NOT IN (${values.map((v) => p.add(v)).join(', ')}))`, p);
    }
    case 'range': {
      const c = quoteIdent(check.field);
      const cast =
        check.valueType === 'date'
          ? 'DATE'
          : check.valueType === 'timestamp'
            ? 'TIMESTAMP'
            : 'DOUBLE PRECISION';
      const parts = [];
      if (check.minimum !== void 0) parts.push(`${c} < ${p.add(check.minimum, cast)}`);
      if (check.maximum !== void 0) parts.push(`${c} > ${p.add(check.maximum, cast)}`);
      if (check.exclusiveMinimum !== void 0) parts.push(`${c} <= ${p.add(check.exclusiveMinimum, cast)}`);
      if (check.exclusiveMaximum !== void 0) parts.push(`${c} >= ${p.add(check.exclusiveMaximum, cast)}`);
      return byPredicate(parts.length === 0 ? '1 = 0' : `(${c} IS NOT NULL AND (${parts.join(' OR ')}))`, p);
    }
    case 'pattern': {
      const c = quoteIdent(check.field);
      return byPredicate(
        `(${c} IS NOT NULL AND NOT (CAST(${c} AS VARCHAR) ~ ${p.add(`^(?:${check.pattern})$`)}))`,
        p,
      );
    }
    case 'length': {
      const c = quoteIdent(check.field);
      const parts = [];
      if (check.minLength !== void 0) parts.push(`LENGTH(${c}) < ${p.add(check.minLength, 'INTEGER')}`);
      if (check.maxLength !== void 0) parts.push(`LENGTH(${c}) > ${p.add(check.maxLength, 'INTEGER')}`);
      return byPredicate(parts.length === 0 ? '1 = 0' : `(${c} IS NOT NULL AND (${parts.join(' OR ')}))`, p);
    }
    case 'unique': {
      const cols = check.fields.map(quoteIdent);
      const notNull = cols.map((c) => `${c} IS NOT NULL`).join(' AND ');
      const groups = `SELECT ${cols.join(', ')}, COUNT(*) AS n FROM ${t} WHERE ${notNull} GROUP BY ${cols.join(', ')} HAVING COUNT(*) > 1`;
      return {
        sql: `SELECT ${num(`(SELECT COUNT(*) FROM ${t})`)} AS total, ${num(`COALESCE((SELECT SUM(d.n - 1) FROM (${groups}) AS d), 0)`)} AS failing`,
        params: [],
        samples: { sql: `SELECT ${cols.join(', ')} FROM (${groups}) AS d LIMIT ${limit}`, params: [] },
        fromContract: false,
      };
    }
    case 'row_count':
      return {
        sql: `SELECT ${num('COUNT(*)')} AS total, ${num('0')} AS failing FROM ${t}`,
        params: [],
        fromContract: false,
      };
    case 'freshness': {
      if (check.field === void 0) return void 0;
      const now = options.now ?? /* @__PURE__ */ new Date();
      const cutoff = new Date(now.getTime() - check.maxAgeMinutes * 6e4)
        .toISOString()
        .replace('T', ' ')
        .replace('Z', '');
      const c = quoteIdent(check.field);
      return {
        sql: `SELECT ${num('COUNT(*)')} AS total, CASE WHEN MAX(${c}) >= ${p.add(cutoff, 'TIMESTAMP')} THEN ${num('0')} ELSE ${num('1')} END AS failing FROM ${t}`,
        params: p.values,
        fromContract: false,
      };
    }
    case 'sql':
    case 'rule':
    case 'custom':
      return void 0;
  }
}
var QUALITY_PLACEHOLDER = /\$?\{(table|object|model|column|property|field)\}/g;
var TABLE_PLACEHOLDERS = /* @__PURE__ */ new Set(['table', 'object', 'model']);
function bindQualitySql(query, target, checkId = 'sql') {
  return bindSql(query, QUALITY_PLACEHOLDER, (m) => {
    const name = m[1] ?? '';
    if (TABLE_PLACEHOLDERS.has(name)) return target.table;
    if (target.column === void 0) {
      throw new MeshError(
        'invalid_input',
        `quality check ${checkId} names a column (${m[0]}) but is declared on the whole object; move it under the property it checks, or name the column`,
        { details: { checkId, placeholder: m[0] } },
      );
    }
    return target.column;
  });
}
function contractCheckQuery(allowedSql, table) {
  return {
    sql: `SELECT ${num(`(SELECT COUNT(*) FROM ${table})`)} AS total, ${num(`(${allowedSql}
)`)} AS failing`,
    params: [],
    fromContract: true,
  };
}
function evaluateQualityCheck(check, counts) {
  const total = Number(counts.total);
  const failing = Number(counts.failing);
  let measured;
  if (check.kind === 'row_count') measured = total;
  else if (check.kind === 'sql') measured = failing;
  else if (check.unit === 'percent') measured = total === 0 ? 0 : (failing / total) * 100;
  else measured = failing;
  return { passed: meetsThreshold(measured, check.threshold), measured };
}

// dist/product/quality/contract-sql-check.js
function charOffset(text, byteOffset) {
  return Buffer.from(text, 'utf8').subarray(0, byteOffset).toString('utf8').length;
}
function identifierAt(text, at, name) {
  const rest = text.slice(at);
  const quoted = /^"((?:[^"]|"")*)"/.exec(rest);
  if (quoted)
    return quoted[1]?.replaceAll('""', '"').toLowerCase() === name.toLowerCase() ? quoted[0].length : void 0;
  const plain = /^[\p{L}_][\p{L}\p{N}_$]*/u.exec(rest);
  return plain && plain[0].toLowerCase() === name.toLowerCase() ? plain[0].length : void 0;
}
async function resolveObjectName(s, bound, object, table, operation) {
  const shape = await s.describeQuery(bound.text);
  const spans = [];
  for (const r of shape.relations) {
    if (r.cte || r.schema !== void 0 || r.catalog !== void 0) continue;
    if (r.name.toLowerCase() !== object.toLowerCase()) continue;
    const start = r.position === void 0 ? void 0 : charOffset(bound.text, r.position);
    const length = start === void 0 ? void 0 : identifierAt(bound.text, start, r.name);
    if (start === void 0 || length === void 0) {
      throw new MeshError(
        'policy_denied',
        `${operation} refused: cannot tell where the query reads ${object}; write FROM \${table} instead`,
        { details: { operation, node: { kind: 'relation', name: r.name } } },
      );
    }
    const replacement = r.alias === void 0 ? `${table} AS ${quoteAnsiIdent(r.name)}` : table;
    spans.push({ start, end: start + length, replacement });
  }
  return spans.length === 0 ? bound : replaceSpans(bound, spans);
}
async function guardContractSql(s, check, table, productId) {
  const operation = `quality check ${check.id} of ${productId}`;
  const quoted = quoteAnsiIdent(table);
  const query = check.query.replace(/;\s*$/, '');
  let bound = bindQualitySql(
    query,
    { table: quoted, ...(check.field === void 0 ? {} : { column: quoteAnsiIdent(check.field) }) },
    check.id,
  );
  if (check.object !== void 0) bound = await resolveObjectName(s, bound, check.object, quoted, operation);
  await checkUserSql(s, bound, {
    operation,
    tables: /* @__PURE__ */ new Map([[table, `the product's own table`]]),
    howToRead: `\${table}${check.object === void 0 ? '' : ` or ${check.object}`}`,
  });
  return contractCheckQuery(bound.text, quoted);
}

export {
  SEARCH_INDEX_VERSION,
  storageGeneration,
  generationLabel,
  parseGeneration,
  productTableName,
  ProductRegistry,
  qualityCheckSql,
  evaluateQualityCheck,
  checkUserSql,
  guardContractSql,
};
