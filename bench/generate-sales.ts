/** Deterministic generator of sales-like records for benchmarks (same seed, same records). */

const CATEGORIES = ['Electronics', 'Books', 'Apparel', 'Home Goods', 'Toys', 'Garden', 'Sports', 'Beauty'];
const REGIONS = ['North America', 'Europe', 'Asia', 'South America', 'Africa', 'Oceania'];

/** A small fast PRNG (mulberry32) so runs are repeatable. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One generated sale, shaped like examples/sales/sample_sales.json. */
export interface SaleRecord {
  transaction_id: string;
  product_id: string;
  customer_id: string;
  amount: number;
  date: string;
  product_category: string;
  region: string;
}

/** Generates `count` sales records deterministically from `seed`. */
export function* generateSales(count: number, seed = 42): Generator<SaleRecord> {
  const rnd = prng(seed);
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < count; i++) {
    const day = new Date(start + Math.floor(rnd() * 700) * 86_400_000).toISOString().slice(0, 10);
    yield {
      transaction_id: `TXN${String(i).padStart(9, '0')}`,
      product_id: `PROD${100 + Math.floor(rnd() * 5000)}`,
      customer_id: `CUST${1000 + Math.floor(rnd() * 100_000)}`,
      amount: Math.round((1 + rnd() * 999) * 100) / 100,
      date: day,
      product_category: CATEGORIES[Math.floor(rnd() * CATEGORIES.length)] as string,
      region: REGIONS[Math.floor(rnd() * REGIONS.length)] as string,
    };
  }
}
