import { useState } from 'preact/hooks';
import { errorMessage } from '../api.ts';
import { useClient } from '../client-context.ts';
import { href } from '../router.ts';

/** Asks the product's owner for read access: a purpose, an optional expiry, optionally PII unmasked. */
export function AccessRequestForm(props: { readonly productId: string; readonly open?: boolean }) {
  const client = useClient();
  const [state, setState] = useState<
    | { kind: 'idle' }
    | { kind: 'sending' }
    | { kind: 'sent'; id: number; status: string }
    | { kind: 'failed'; message: string }
  >({ kind: 'idle' });
  return (
    <details class="request" open={props.open === true}>
      <summary>Request access</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          const purpose = String(form.get('purpose') ?? '').trim();
          const expires = String(form.get('expiresAt') ?? '');
          setState({ kind: 'sending' });
          client.governance
            .requestAccess({
              product: props.productId,
              purpose,
              pii: form.get('pii') === 'on',
              ...(expires === '' ? {} : { expiresAt: expires }),
            })
            .then(
              (r) => setState({ kind: 'sent', id: r.id, status: r.status }),
              (err: unknown) => setState({ kind: 'failed', message: errorMessage(err) }),
            );
        }}
      >
        <label for="purpose">Purpose</label>
        <textarea
          id="purpose"
          name="purpose"
          required
          rows={2}
          placeholder="What you will use the data for"
        />
        <label for="expiresAt">Access until (optional)</label>
        <input id="expiresAt" name="expiresAt" type="date" />
        <label class="check">
          <input type="checkbox" name="pii" /> Read personal data (PII) unmasked
        </label>
        <button type="submit" disabled={state.kind === 'sending'}>
          Send request
        </button>
      </form>
      {state.kind === 'sent' ? (
        <p role="status" class="ok">
          Request {state.id} is {state.status}. Follow it on the <a href={href(['access'])}>Access</a> page.
        </p>
      ) : null}
      {state.kind === 'failed' ? (
        <p role="alert" class="error">
          {state.message}
        </p>
      ) : null}
    </details>
  );
}
