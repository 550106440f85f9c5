// Public surface of the result model: types, the tree reader and RUNPERF_METADATA helpers.
export type { Check, CheckKind, Direction, Metadata, ReadOptions, ReadWarning, ResultTree, TreeCacheOptions } from './types.js';
export type { PbenchEntry, PbenchIteration, PbenchIterationData, PbenchResult } from './pbench.js';
export { readResultTree, parseResultSpec, INCOMPLETE_MARKER } from './read-tree.js';
export { readResultTrees, readResultTreesInOrder } from './read-trees.js';
export type { TreeRequest, ReadTreesOptions } from './read-trees.js';
export { parseMetadata, metadataValue } from './metadata.js';
export { parseJsonLex, toPlain, JsonSyntaxError } from './json-lex.js';
export type { LexValue } from './json-lex.js';
