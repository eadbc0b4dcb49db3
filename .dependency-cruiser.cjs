// The module-graph rules of `npm run lint` (dependency-cruiser): no import cycles, type-only imports included, and
// the layer direction of DESIGN.md. Tests are left out: a test may build its subject with parts from any layer.

/** The layers of src/, lowest first; a folder may import its own layer and the layers below it, never above. */
const LAYERS = [
  ['core'],
  ['engine', 'contract', 'connectors'],
  ['catalog'],
  ['governance'],
  ['product'],
  ['domains', 'backup'],
  ['client'],
  ['cli', 'server'],
];

const folders = (names) => `^src/(${names.join('|')})/`;

const layerRules = LAYERS.slice(0, -1).map((layer, index) => {
  const above = LAYERS.slice(index + 1).flat();
  return {
    name: `layer-${layer.join('-')}`,
    comment: `${layer.join(', ')} must not import ${above.join(', ')} or src/index.ts: dependencies point inward (DESIGN.md, "Layers")`,
    severity: 'error',
    from: { path: folders(layer) },
    to: { path: [folders(above), '^src/index\\.ts$'] },
  };
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'no import cycles, type-only imports included (STYLE.md, "Layout")',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'client-stays-light',
      comment:
        'src/client (the meshwork/client entry) runs where no store is: it never imports the engine, connectors, server or CLI. It reuses SDK types with `import type` only, which src/client/client-imports.test.ts checks (swc does not mark type-only edges)',
      severity: 'error',
      from: { path: '^src/client/' },
      to: { path: ['^src/(engine|connectors|server|cli|domains)/', '^src/index\\.ts$'] },
    },
  ],
  options: {
    // TypeScript 7 has no compiler API for dependency-cruiser to parse with; swc parses the sources and, unlike a
    // transpile-first parser, keeps `import type` and `export type … from` as edges.
    parser: 'swc',
    includeOnly: '^src/',
    exclude: { path: ['\\.test\\.ts$', '/testdata/'] },
    doNotFollow: { path: 'node_modules' },
  },
};
