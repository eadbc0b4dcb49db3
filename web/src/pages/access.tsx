import { useState } from 'preact/hooks';
import { errorMessage } from '../api.ts';
import { useClient } from '../client-context.ts';
import { Badge, Empty, Show, Tabs, When } from '../components.tsx';
import { href, type Route } from '../router.ts';
import { useLoad } from '../use-load.ts';

/**
 * Access requests and grants as the server shows them to the viewer: an owner sees the requests for the products it
 * owns (approve or reject them), a consumer its own; grants can be revoked by whoever may.
 */
export function AccessPage(props: { readonly route: Route }) {
  const tab = props.route.params.get('tab') ?? 'requests';
  return (
    <>
      <h1>Access</h1>
      <Tabs
        label="Access sections"
        current={tab}
        tabs={[
          { id: 'requests', label: 'Requests', href: href(['access'], { tab: 'requests' }) },
          { id: 'grants', label: 'Grants', href: href(['access'], { tab: 'grants' }) },
        ]}
      />
      {tab === 'grants' ? <Grants /> : <Requests status={props.route.params.get('status') ?? 'pending'} />}
    </>
  );
}

function Requests(props: { readonly status: string }) {
  const client = useClient();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>();
  const [requests, reload] = useLoad(
    () => client.governance.listRequests(props.status === 'all' ? {} : { status: props.status as 'pending' }),
    [props.status],
  );
  const decide = (p: Promise<unknown>, done: string) =>
    p.then(
      () => {
        setMessage({ ok: true, text: done });
        reload();
      },
      (err: unknown) => setMessage({ ok: false, text: errorMessage(err) }),
    );
  return (
    <>
      <nav class="formats" aria-label="Request status">
        {['pending', 'approved', 'rejected', 'all'].map((s) => (
          <a
            key={s}
            href={href(['access'], { tab: 'requests', status: s })}
            class={s === props.status ? 'chosen' : ''}
            aria-current={s === props.status ? 'true' : undefined}
          >
            {s}
          </a>
        ))}
      </nav>
      {message === undefined ? null : (
        <p role={message.ok ? 'status' : 'alert'} class={message.ok ? 'ok' : 'error'}>
          {message.text}
        </p>
      )}
      <Show loaded={requests} what="access requests">
        {(list) =>
          list.length === 0 ? (
            <Empty>No {props.status === 'all' ? '' : `${props.status} `}access requests.</Empty>
          ) : (
            <ul class="cards-list">
              {list.map((r) => (
                <li key={r.id} class="card" aria-label={`Request ${r.id}`}>
                  <p>
                    <strong>#{r.id}</strong> <strong>{r.principalId}</strong> asks for{' '}
                    <a href={href(['products', r.productId])}>{r.productId}</a> (port {r.port}){' '}
                    <Badge kind={r.status === 'approved' ? 'good' : r.status === 'rejected' ? 'bad' : ''}>
                      {r.status}
                    </Badge>
                    {r.pii ? <Badge kind="pii">PII unmasked</Badge> : null}
                  </p>
                  <p>Purpose: {r.purpose}</p>
                  <p class="muted small">
                    asked <When at={r.createdAt} /> · until{' '}
                    {r.expiresAt === null ? 'no end' : <When at={r.expiresAt} />}
                    {r.decidedBy === null ? '' : ` · decided by ${r.decidedBy}`}
                    {r.comment === null ? '' : ` · “${r.comment}”`}
                  </p>
                  {r.status === 'pending' ? (
                    <form
                      class="row"
                      onSubmit={(e) => {
                        e.preventDefault();
                        const submitter = (e as SubmitEvent).submitter as HTMLButtonElement | null;
                        const comment = String(new FormData(e.currentTarget).get('comment') ?? '').trim();
                        if (submitter?.value === 'reject') {
                          void decide(
                            client.governance.reject(r.id, comment === '' ? 'rejected' : comment),
                            `Request ${r.id} rejected.`,
                          );
                        } else {
                          void decide(
                            client.governance.approve(r.id, comment === '' ? {} : { comment }),
                            `Request ${r.id} approved: ${r.principalId} can read ${r.productId}.`,
                          );
                        }
                      }}
                    >
                      <label class="visually-hidden" for={`comment-${r.id}`}>
                        Comment on request {r.id}
                      </label>
                      <input id={`comment-${r.id}`} name="comment" placeholder="Comment (optional)" />
                      <button type="submit" value="approve">
                        Approve
                      </button>
                      <button type="submit" value="reject" class="secondary">
                        Reject
                      </button>
                    </form>
                  ) : null}
                </li>
              ))}
            </ul>
          )
        }
      </Show>
    </>
  );
}

function Grants() {
  const client = useClient();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>();
  const [grants, reload] = useLoad(() => client.governance.listGrants(), []);
  return (
    <>
      {message === undefined ? null : (
        <p role={message.ok ? 'status' : 'alert'} class={message.ok ? 'ok' : 'error'}>
          {message.text}
        </p>
      )}
      <Show loaded={grants} what="grants">
        {(list) =>
          list.length === 0 ? (
            <Empty>No active grants.</Empty>
          ) : (
            <div class="scroll-x">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Grant</th>
                    <th scope="col">Principal</th>
                    <th scope="col">Product</th>
                    <th scope="col">PII</th>
                    <th scope="col">Purpose</th>
                    <th scope="col">Until</th>
                    <th scope="col">
                      <span class="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((g) => (
                    <tr key={g.id}>
                      <td>{g.id}</td>
                      <td>{g.principalId}</td>
                      <td>
                        <a href={href(['products', g.productId])}>{g.productId}</a>
                      </td>
                      <td>{g.pii ? 'unmasked' : 'masked'}</td>
                      <td>{g.purpose}</td>
                      <td>{g.expiresAt === null ? 'no end' : <When at={g.expiresAt} />}</td>
                      <td>
                        <button
                          type="button"
                          class="secondary"
                          aria-label={`Revoke grant ${g.id} of ${g.principalId} on ${g.productId}`}
                          onClick={() =>
                            client.governance.revokeGrant(g.id, 'revoked in the web catalog').then(
                              () => {
                                setMessage({ ok: true, text: `Grant ${g.id} revoked.` });
                                reload();
                              },
                              (err: unknown) => setMessage({ ok: false, text: errorMessage(err) }),
                            )
                          }
                        >
                          Revoke
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Show>
    </>
  );
}
