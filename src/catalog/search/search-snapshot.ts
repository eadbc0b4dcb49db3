import { randomUUID } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { ProductStatus } from '../../core/lifecycle.ts';
import type { QualityLevel } from '../../core/quality-level.ts';
import { InvertedIndex } from './inverted-index.ts';
import type { SearchDoc } from './search-store.ts';

/** What a store's snapshot file is named after: the store file's path plus this suffix. */
export const SEARCH_SNAPSHOT_SUFFIX = '.search';

/** The first bytes of a snapshot file. */
const MAGIC = 'MWSI';
/** The layout of the file itself; the index's own version ({@link SearchSnapshotKey.indexVersion}) is in the header. */
const FORMAT = 1;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** What a snapshot must have been written for to be used: the index version and the store's search generation. */
export interface SearchSnapshotKey {
  readonly indexVersion: string;
  readonly generation: string;
}

interface Header extends SearchSnapshotKey {
  readonly littleEndian: boolean;
  readonly docsBytes: number;
  readonly termsBytes: number;
  readonly terms: number;
  readonly postings: number;
}

/** One product's filter columns as a snapshot stores them (its terms live in the postings). */
type PackedDoc = [string, string, string, string, string, string, string, 0 | 1, string[]];

function pack(d: SearchDoc): PackedDoc {
  return [
    d.productId,
    d.nameKey,
    d.shortKey,
    d.domain,
    d.status,
    d.ownerKey,
    d.qualityLevel,
    d.hasPii ? 1 : 0,
    [...d.tags],
  ];
}

function unpack(row: unknown): SearchDoc {
  if (
    !Array.isArray(row) ||
    row.length !== 9 ||
    !row.slice(0, 7).every((c) => typeof c === 'string') ||
    (row[7] !== 0 && row[7] !== 1) ||
    !Array.isArray(row[8]) ||
    !(row[8] as unknown[]).every((t) => typeof t === 'string')
  ) {
    throw new Error('a product entry of the snapshot is malformed');
  }
  const c = row as PackedDoc;
  return {
    productId: c[0],
    nameKey: c[1],
    shortKey: c[2],
    domain: c[3],
    status: c[4] as ProductStatus,
    ownerKey: c[5],
    qualityLevel: c[6] as QualityLevel,
    hasPii: c[7] === 1,
    tags: c[8],
    terms: '',
  };
}

/** Rounds up to a multiple of 4, so that the typed arrays after it start aligned. */
const align4 = (n: number): number => (n + 3) & ~3;

/**
 * Encodes a built index as bytes: a header (key and section sizes, as JSON), the products' filter columns (JSON),
 * the sorted terms (one per line; terms hold no line breaks) and the postings arrays as they are in memory.
 */
export function encodeSearchSnapshot(index: InvertedIndex, key: SearchSnapshotKey): Buffer {
  const p = index.parts;
  const docs = Buffer.from(JSON.stringify(p.docs.map(pack)), 'utf8');
  const terms = Buffer.from(p.terms.join('\n'), 'utf8');
  const header: Header = {
    indexVersion: key.indexVersion,
    generation: key.generation,
    littleEndian: LITTLE_ENDIAN,
    docsBytes: docs.length,
    termsBytes: terms.length,
    terms: p.terms.length,
    postings: p.postDoc.length,
  };
  const head = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = 12 + head.length + docs.length + terms.length;
  const out = Buffer.alloc(
    align4(prefix) + p.start.byteLength + p.postDoc.byteLength + p.postWeight.byteLength,
  );
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(FORMAT, 4);
  out.writeUInt32LE(head.length, 8);
  let at = 12;
  for (const part of [head, docs, terms]) {
    part.copy(out, at);
    at += part.length;
  }
  at = align4(at);
  for (const array of [p.start, p.postDoc, p.postWeight]) {
    out.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), at);
    at += array.byteLength;
  }
  return out;
}

/** Copies `count` elements of a typed array out of the file's bytes (a copy, so the result is aligned). */
function slice<T extends Int32Array | Int16Array>(
  bytes: Buffer,
  at: number,
  count: number,
  make: (buffer: ArrayBuffer) => T,
  width: number,
): T {
  const end = at + count * width;
  if (end > bytes.length) throw new Error('the snapshot is truncated');
  return make(bytes.buffer.slice(bytes.byteOffset + at, bytes.byteOffset + end) as ArrayBuffer);
}

/**
 * Decodes {@link encodeSearchSnapshot}'s bytes into an index, or returns undefined when they were written for another
 * key (another generation of the catalog, another index version) or another byte order.
 * @throws Error when the bytes are not a well-formed snapshot.
 */
export function decodeSearchSnapshot(bytes: Buffer, key: SearchSnapshotKey): InvertedIndex | undefined {
  if (bytes.length < 12 || bytes.toString('latin1', 0, 4) !== MAGIC) throw new Error('not a search snapshot');
  if (bytes.readUInt32LE(4) !== FORMAT) return undefined;
  const headEnd = 12 + bytes.readUInt32LE(8);
  const header = JSON.parse(bytes.toString('utf8', 12, headEnd)) as Header;
  if (
    header.indexVersion !== key.indexVersion ||
    header.generation !== key.generation ||
    header.littleEndian !== LITTLE_ENDIAN
  )
    return undefined;
  const docsEnd = headEnd + header.docsBytes;
  const termsEnd = docsEnd + header.termsBytes;
  if (termsEnd > bytes.length) throw new Error('the snapshot is truncated');
  const rows: unknown = JSON.parse(bytes.toString('utf8', headEnd, docsEnd));
  if (!Array.isArray(rows)) throw new Error('the snapshot holds no product list');
  const docs = rows.map(unpack);
  const termText = bytes.toString('utf8', docsEnd, termsEnd);
  const terms = header.terms === 0 ? [] : termText.split('\n');
  if (terms.length !== header.terms) throw new Error('the snapshot holds another number of terms');
  let at = align4(termsEnd);
  const start = slice(bytes, at, header.terms + 1, (b) => new Int32Array(b), 4);
  at += start.byteLength;
  const postDoc = slice(bytes, at, header.postings, (b) => new Int32Array(b), 4);
  at += postDoc.byteLength;
  const postWeight = slice(bytes, at, header.postings, (b) => new Int16Array(b), 2);
  return new InvertedIndex({ docs, terms, start, postDoc, postWeight });
}

/**
 * Reads the index a snapshot file holds for `key`; undefined when the file is missing, unreadable, damaged or was
 * written for another key. A snapshot is a cache: any problem only means the index is built from the store.
 */
export function readSearchSnapshot(file: string, key: SearchSnapshotKey): InvertedIndex | undefined {
  try {
    return decodeSearchSnapshot(readFileSync(file), key);
  } catch {
    return undefined;
  }
}

/**
 * Writes a snapshot file for `key`, replacing the previous one at once (a new file renamed over it), so that a
 * reader sees either the old snapshot or the new one. Returns false when it could not be written (a read-only
 * folder, a full disk): a snapshot is a cache, and the index is then built from the store the next time.
 */
export function writeSearchSnapshot(file: string, index: InvertedIndex, key: SearchSnapshotKey): boolean {
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  try {
    writeFileSync(temporary, encodeSearchSnapshot(index, key), { mode: 0o600 });
    renameSync(temporary, file);
    return true;
  } catch {
    rmSync(temporary, { force: true });
    return false;
  }
}
