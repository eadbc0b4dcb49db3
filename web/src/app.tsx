import type { ComponentChildren } from 'preact';
import { useEffect, useErrorBoundary, useMemo, useRef, useState } from 'preact/hooks';
import { createClient, detectSession, storeToken } from './api.ts';
import { ClientContext } from './client-context.ts';
import { ErrorBox, Loading } from './components.tsx';
import { AccessPage } from './pages/access.tsx';
import { DomainPage } from './pages/domain.tsx';
import { GovernancePage } from './pages/governance.tsx';
import { HomePage } from './pages/home.tsx';
import { ProductPage } from './pages/product.tsx';
import { SearchPage } from './pages/search.tsx';
import { SignIn } from './pages/sign-in.tsx';
import { href, navigate, type Route, useRoute } from './router.ts';

type Session =
  | { kind: 'checking' }
  | { kind: 'failed'; error: unknown }
  | { kind: 'dev' }
  | { kind: 'token'; token: string }
  | { kind: 'sign-in'; reason?: string };

/** The catalog: a sign-in screen until a token is accepted (none on a `--dev` server), then the pages. */
export function App() {
  const [session, setSession] = useState<Session>({ kind: 'checking' });
  useEffect(() => {
    detectSession().then(setSession, (error: unknown) => setSession({ kind: 'failed', error }));
  }, []);
  if (session.kind === 'checking') return <Loading what="the catalog" />;
  if (session.kind === 'failed')
    return (
      <main class="page">
        <ErrorBox what="the catalog" error={session.error} />
      </main>
    );
  if (session.kind === 'sign-in')
    return (
      <SignIn
        {...(session.reason === undefined ? {} : { reason: session.reason })}
        onSignedIn={(token) => {
          storeToken(token);
          setSession({ kind: 'token', token });
        }}
      />
    );
  return (
    <SignedIn
      token={session.kind === 'token' ? session.token : undefined}
      onSignOut={(reason) => {
        storeToken(undefined);
        setSession(reason === undefined ? { kind: 'sign-in' } : { kind: 'sign-in', reason });
      }}
    />
  );
}

function SignedIn(props: {
  readonly token: string | undefined;
  /** Signs out, with the API's reason when the server refused the token. */
  readonly onSignOut: (reason?: string) => void;
}) {
  const onSignOut = useRef(props.onSignOut);
  onSignOut.current = props.onSignOut;
  // A token refused while the tab is open (revoked, expired) sends the user back to the sign-in screen with the reason.
  const client = useMemo(
    () => createClient(props.token, (reason) => onSignOut.current(reason)),
    [props.token],
  );
  const route = useRoute();
  const page = route.path.join('/');
  const firstPage = useRef(true);
  // On going to another page, focus moves to the main region, so keyboard and screen reader users start there
  // (not on the link they left); a change of tab or filter within a page leaves focus where it is.
  useEffect(() => {
    if (firstPage.current) {
      firstPage.current = false;
      return;
    }
    document.getElementById('main')?.focus();
  }, [page]);
  return (
    <ClientContext.Provider value={client}>
      <button type="button" class="skip" onClick={skipToMain}>
        Skip to content
      </button>
      <header class="top">
        <a class="brand" href="#/">
          Meshwork
        </a>
        <search>
          <form
            class="top-search"
            onSubmit={(e) => {
              e.preventDefault();
              const q = new FormData(e.currentTarget).get('q');
              navigate(href(['search'], { q: typeof q === 'string' ? q : '' }));
            }}
          >
            <label class="visually-hidden" for="top-q">
              Search products
            </label>
            <input id="top-q" name="q" type="search" placeholder="Search products" />
          </form>
        </search>
        <nav aria-label="Main">
          <a href="#/search">Products</a>
          <a href="#/access">Access</a>
          <a href="#/governance">Governance</a>
          {props.token === undefined ? (
            <span class="dev-note" title="meshwork serve --dev: every request acts as the local admin">
              dev mode
            </span>
          ) : (
            <button type="button" class="link" onClick={() => props.onSignOut()}>
              Sign out
            </button>
          )}
        </nav>
      </header>
      <main id="main" class="page" tabIndex={-1}>
        <Guarded key={page}>
          <Page route={route} />
        </Guarded>
      </main>
    </ClientContext.Provider>
  );
}

/** Shows a page's rendering failure (a bug) as an error instead of a blank page; another page starts afresh. */
function Guarded(props: { readonly children: ComponentChildren }) {
  const [error] = useErrorBoundary();
  if (error !== undefined) return <ErrorBox what="this page" error={error} />;
  return <>{props.children}</>;
}

function skipToMain(): void {
  document.getElementById('main')?.focus();
}

function Page(props: { readonly route: Route }) {
  const { path } = props.route;
  switch (path[0]) {
    case undefined:
      return <HomePage />;
    case 'search':
      return <SearchPage route={props.route} />;
    case 'products':
      if (path[1] !== undefined) return <ProductPage id={path[1]} route={props.route} />;
      break;
    case 'domains':
      if (path[1] !== undefined) return <DomainPage name={path[1]} />;
      break;
    case 'access':
      return <AccessPage route={props.route} />;
    case 'governance':
      return <GovernancePage route={props.route} />;
  }
  return (
    <div class="error" role="alert">
      No page at {location.hash}. <a href="#/">Go to the home page</a>
    </div>
  );
}
