export {
  COMPARE_OPS,
  type CompareOp,
  FILTER_FUNCTIONS,
  type Filter,
  type FilterFunction,
  filterFields,
  isEmptyFilter,
  type Operand,
} from './ast.ts';
export { bindFilter, operandType } from './bind-filter.ts';
export { closestName } from './closest-name.ts';
export { compileFilterPredicate, compileFilterRowPredicate } from './compile-filter-predicate.ts';
export { formatFilter } from './format-filter.ts';
export {
  escapeLikePattern,
  findLikePatternProblem,
  LIKE_ESCAPE,
  likePatternToRegExp,
} from './like-pattern.ts';
export { isDateString, normalizeTimestamp } from './normalize-temporal.ts';
export { FILTER_KEYWORDS, parseFilterExpression } from './parse-filter-expression.ts';
export {
  type FilterInput,
  OBJECT_FILTER_OPERATORS,
  type ObjectFilter,
  type ObjectFilterCondition,
  type ObjectFilterOperators,
  type ObjectFilterScalar,
  toFilter,
} from './to-filter.ts';
