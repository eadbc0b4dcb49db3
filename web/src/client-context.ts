import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { MeshClient } from '../../src/client/index.ts';

/** The API client of the signed-in user. */
export const ClientContext = createContext<MeshClient | undefined>(undefined);

/** The API client of the signed-in user (inside the signed-in app). */
export function useClient(): MeshClient {
  const client = useContext(ClientContext);
  if (client === undefined) throw new Error('useClient outside the signed-in app');
  return client;
}
