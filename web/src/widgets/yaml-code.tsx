import hljs from 'highlight.js/lib/core';
import yaml from 'highlight.js/lib/languages/yaml';

// Only YAML is registered: the core plus one language keeps this chunk small.
hljs.registerLanguage('yaml', yaml);

/**
 * YAML highlighted by highlight.js. Its output is HTML in which the text is escaped (only its own `<span class>`
 * tags are markup), so a document cannot inject anything.
 */
export function YamlCode(props: { readonly text: string }) {
  const html = hljs.highlight(props.text, { language: 'yaml', ignoreIllegals: true }).value;
  return (
    <pre class="code">
      <code class="hljs language-yaml" dangerouslySetInnerHTML={{ __html: html }} />
    </pre>
  );
}
