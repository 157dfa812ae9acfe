// Recipes: an ordered, versioned list of compression steps (clean-up, prune, cluster, quantize) stored as
// JSON, checked by `parseRecipe`, run by `runRecipe` — the same in the CLI and in the studio's worker.
export { parseRecipe, recipeToJson } from './parse';
export { CLEAN_UP_ONLY, DEEP_COMPRESSION, INT8_FOR_TFLM, RECIPE_PRESETS, SPARSE_2_4_INT8 } from './presets';
export { runRecipe, type RecipeRunResult, type RunRecipeOptions } from './run';
export type * from './types';
export { RECIPE_VERSION } from './types';
