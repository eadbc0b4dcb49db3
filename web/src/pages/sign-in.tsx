import { useState } from 'preact/hooks';
import { createClient, errorMessage } from '../api.ts';

/** Asks for an API token and checks it against the server before keeping it. */
export function SignIn(props: { readonly reason?: string; readonly onSignedIn: (token: string) => void }) {
  const [error, setError] = useState<string | undefined>(props.reason);
  const [busy, setBusy] = useState(false);
  return (
    <main class="sign-in">
      <h1>Meshwork catalog</h1>
      <p>
        Sign in with a Meshwork API token (<code>mwt_…</code>). An administrator creates one with{' '}
        <code>meshwork token create --for &lt;you&gt;</code>; <code>meshwork serve</code> prints the first
        admin's token on its first start.
      </p>
      <p class="muted small" id="token-kept">
        The token is kept for this browser tab only: closing the tab signs you out.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const token = String(new FormData(e.currentTarget).get('token') ?? '').trim();
          if (token === '') {
            setError('enter a token');
            return;
          }
          setBusy(true);
          createClient(token)
            .domains()
            .then(
              () => props.onSignedIn(token),
              (err: unknown) => {
                setError(errorMessage(err));
                setBusy(false);
              },
            );
        }}
      >
        <label for="token">API token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          required
          aria-describedby={error === undefined ? 'token-kept' : 'token-error token-kept'}
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {error === undefined ? null : (
          <p id="token-error" class="error" role="alert">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
