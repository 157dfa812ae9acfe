// What each kind of variant adds to the common part: its label, its lineage and its record (quantize:
// the quantization report; recipe: the step reports, per-layer weight views and badges on the graph).
import type { MakeVariant } from './engine-variants';
import { withBadges } from './graph-view';
import type { QuantizeRequest, QuantizeVariantInfo, RecipeRequest, RecipeVariantInfo } from './protocol';
import { MODE_LABELS, quantizeParent } from './quantize-job';
import { runRecipeOn } from './recipe-job';
import { layerBadges, weightLayerViews, zeroedWeights } from './variant-weights';

/** Quantizes the parent (calibrating first for static int8) into a variant. */
export function quantizeMaking(request: QuantizeRequest): MakeVariant<QuantizeVariantInfo> {
  return async (parent, job, report) => {
    const made = await quantizeParent(parent, request, job, report);
    return {
      made,
      label: MODE_LABELS[request.settings.mode].label,
      lineage: made.recipe,
      finish: (base, graph) => ({
        graph,
        variant: { ...base, kind: 'quantize', report: made.report, timings: made.timings },
      }),
    };
  };
}

/** Runs a recipe on the parent into a variant. */
export function recipeMaking(request: RecipeRequest): MakeVariant<RecipeVariantInfo> {
  return async (parent, job, report) => {
    const made = await runRecipeOn(parent, request, job, report);
    return {
      made,
      label: made.recipe.name.trim() || 'Recipe',
      lineage: made.lineage,
      finish: (base, described) => {
        const layers = weightLayerViews(made.model.graph, made.steps);
        return {
          // Badges go on before the layout, which sizes the nodes.
          graph: withBadges(described, layerBadges(layers, zeroedWeights(made.steps))),
          variant: {
            ...base,
            kind: 'recipe',
            recipeRun: made.recipe,
            steps: made.steps,
            layers,
            timings: made.timings,
          },
        };
      },
    };
  };
}
