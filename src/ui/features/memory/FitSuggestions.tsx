import type { FitSuggestion } from '../../../workers/protocol';
import { applySuggestion } from './actions';

/** One change that lowers a need: what it gives, whether it then fits, and Apply when it is an option here. */
function SuggestionItem({ suggestion: s }: { suggestion: FitSuggestion }) {
  return (
    <li className="sd-memory__suggestion" data-testid="memory-suggestion" data-id={s.id} data-fits={s.fits}>
      <div className="sd-memory__suggestion-text">
        <span className="sd-memory__suggestion-label">
          {s.label}
          {s.estimate && <span className="sd-memory__tag">estimate</span>}
          {s.fits && <span className="sd-memory__tag sd-memory__tag--fits">then fits</span>}
        </span>
        <span className="sd-field__line">{s.detail}</span>
      </div>
      {s.apply && (
        <button
          type="button"
          className="sd-button sd-button--small"
          data-testid="memory-apply"
          onClick={() => applySuggestion(s)}
        >
          Apply
        </button>
      )}
    </li>
  );
}

/** What would make it fit: the changes that lower the SRAM or flash need, largest saving first. */
export function FitSuggestions({ suggestions, fits }: { suggestions: readonly FitSuggestion[]; fits: boolean }) {
  if (suggestions.length === 0)
    return (
      <p className="sd-field__line" data-testid="memory-no-suggestions">
        {fits ? 'It fits; none of the options would lower the needs further.' : 'None of the options lowers the needs.'}
      </p>
    );
  return (
    <ul className="sd-memory__suggestions" data-testid="memory-suggestions">
      {suggestions.map((s) => (
        <SuggestionItem key={s.id} suggestion={s} />
      ))}
    </ul>
  );
}
