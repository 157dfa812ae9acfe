import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Drawer } from '../../components/Drawer';
import { Section } from '../../components/Section';
import { studioStore, useStudio } from '../../store';
import { CompareView } from '../compare/CompareView';
import { ParetoChart } from './ParetoChart';
import { variantRows } from './table-rows';
import { VARIANTS_BUTTON_ID, VARIANTS_PANEL_ID } from './VariantsButton';
import { evaluateMember, VariantsTable } from './VariantsTable';
import './variants.css';

const close = (): void => studioStore.getState().setVariantsOpen(false);

/**
 * The variants view: the original and every variant made from it in one table (sizes, compute, memory,
 * accuracy and their changes), accuracy against cost with the Pareto front, and two members compared layer
 * by layer. A wide drawer in the place of the quantize and recipe drawers.
 */
export function VariantsPanel() {
  const { open, family, evaluations, shownId, evaluating } = useStudio(
    useShallow((s) => ({
      open: s.variantsOpen,
      family: s.variants,
      evaluations: s.evaluations,
      shownId: s.model?.summary.modelId,
      evaluating: s.evaluateJob.status === 'running',
    })),
  );
  const rows = useMemo(() => variantRows(family, evaluations), [family, evaluations]);
  if (!open || family.length === 0) return null;
  const unevaluated = rows.filter((r) => r.top1 === undefined).length;
  return (
    <Drawer
      id={VARIANTS_PANEL_ID}
      title="Variants"
      toggleId={VARIANTS_BUTTON_ID}
      className="sd-variants-view"
      onClose={close}
      intro={
        <>
          <strong>{family[0]!.model.summary.fileName}</strong> and the {family.length - 1} variant(s) made from it, side
          by side. Click a row or a point to show that model.
        </>
      }
      footer={null}
    >
      <Section
        title="Family"
        aside={
          unevaluated > 0 ? (
            <button
              type="button"
              className="sd-button sd-button--small"
              data-testid="variants-evaluate-all"
              disabled={evaluating}
              title="Opens the evaluate panel to run the original and every variant on one dataset"
              onClick={() => evaluateMember(null)}
            >
              Evaluate all…
            </button>
          ) : undefined
        }
      >
        <VariantsTable rows={rows} shownId={shownId} />
      </Section>
      <Section title="Accuracy against cost">
        <ParetoChart rows={rows} shownId={shownId} />
      </Section>
      <Section title="Layer by layer">
        <CompareView />
      </Section>
    </Drawer>
  );
}
