import { useEffect, useState } from 'preact/hooks';

/** A load in progress, failed, or done. */
export type Loaded<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly error: unknown }
  | { readonly state: 'ok'; readonly value: T };

/** Runs `load` when the keys change (and on `reload()`), keeping only the latest answer. */
export function useLoad<T>(load: () => Promise<T>, keys: readonly unknown[]): [Loaded<T>, () => void] {
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    setResult({ state: 'loading' });
    load().then(
      (value) => {
        if (current) setResult({ state: 'ok', value });
      },
      (error: unknown) => {
        if (current) setResult({ state: 'error', error });
      },
    );
    return () => {
      current = false;
    };
  }, [...keys, generation]);
  return [result, () => setGeneration((g) => g + 1)];
}
