// dist/core/filter/ast.js
var COMPARE_OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte'];
var FILTER_FUNCTIONS = ['year', 'month', 'day', 'lower', 'upper', 'length'];
function filterFields(filter) {
  const out = /* @__PURE__ */ new Set();
  const walk = (f) => {
    switch (f.kind) {
      case 'and':
      case 'or':
        for (const item of f.items) walk(item);
        return;
      case 'not':
        walk(f.item);
        return;
      default:
        out.add(f.left.field);
    }
  };
  walk(filter);
  return [...out];
}
function isEmptyFilter(filter) {
  return filter.kind === 'and' && filter.items.length === 0;
}

export { COMPARE_OPS, FILTER_FUNCTIONS, filterFields, isEmptyFilter };
