import { useEffect, useMemo } from 'preact/hooks';
import type { ContractDocument, ProductCard } from '../../../src/client/index.ts';
import { useClient } from '../client-context.ts';
import { ErrorBox, Show } from '../components.tsx';
import { href, type Route } from '../router.ts';
import { useLoad } from '../use-load.ts';

type ContractExportFormat = ContractDocument['format'];

interface Format {
  readonly id: ContractExportFormat;
  readonly label: string;
  readonly file: string;
}

const ODCS: Format = { id: 'odcs', label: 'ODCS v3 (YAML)', file: 'odcs.yaml' };

const FORMATS: readonly Format[] = [
  ODCS,
  { id: 'odps', label: 'ODPS (YAML)', file: 'odps.yaml' },
  { id: 'json-schema', label: 'JSON Schema', file: 'schema.json' },
  { id: 'sql', label: 'SQL DDL', file: 'ddl.sql' },
  { id: 'mermaid', label: 'Mermaid', file: 'diagram.mmd' },
  { id: 'markdown', label: 'Markdown', file: 'contract.md' },
];

/** The contract in the chosen format, highlighted when YAML, with a download link. */
export function ContractTab(props: { readonly card: ProductCard; readonly route: Route }) {
  const client = useClient();
  const id = props.card.descriptor.id;
  const chosen = FORMATS.find((f) => f.id === props.route.params.get('format')) ?? ODCS;
  const [doc] = useLoad(() => client.contract(id, chosen.id), [id, chosen.id]);
  return (
    <>
      <nav class="formats" aria-label="Contract formats">
        {FORMATS.map((f) => (
          <a
            key={f.id}
            href={href(['products', id], { tab: 'contract', format: f.id })}
            class={f.id === chosen.id ? 'chosen' : ''}
            aria-current={f.id === chosen.id ? 'true' : undefined}
          >
            {f.label}
          </a>
        ))}
      </nav>
      <Show loaded={doc} what={`the ${chosen.label} contract`}>
        {(d) => (
          <>
            <p class="muted">
              Version {d.version} ·{' '}
              {d.source === 'stored' ? 'the document it was published from' : 'written from the catalog'} ·{' '}
              <DownloadLink text={d.text} file={`${id}.${chosen.file}`} label={`Download ${chosen.label}`} />
            </p>
            <ContractText text={d.text} yaml={chosen.id === 'odcs' || chosen.id === 'odps'} />
          </>
        )}
      </Show>
    </>
  );
}

/** A link that saves the text as a file (an object URL, released when the link goes away). */
function DownloadLink(props: { readonly text: string; readonly file: string; readonly label: string }) {
  const url = useMemo(
    () => URL.createObjectURL(new Blob([props.text], { type: 'text/plain' })),
    [props.text],
  );
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return (
    <a class="button" download={props.file} href={url}>
      {props.label}
    </a>
  );
}

/** A contract's text; YAML is highlighted by highlight.js, loaded on first use (plain text until it is there). */
function ContractText(props: { readonly text: string; readonly yaml: boolean }) {
  const [module] = useLoad(
    () => (props.yaml ? import('../widgets/yaml-code.tsx') : Promise.resolve(undefined)),
    [props.yaml],
  );
  if (props.yaml && module.state === 'ok' && module.value !== undefined)
    return <module.value.YamlCode text={props.text} />;
  if (props.yaml && module.state === 'error')
    return <ErrorBox what="the YAML highlighter" error={module.error} />;
  return (
    <pre class="code">
      <code>{props.text}</code>
    </pre>
  );
}
