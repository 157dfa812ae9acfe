/** The keyboard shortcuts, as the help popover lists them (the handler is hooks/useShortcuts.ts). */
export const SHORTCUTS: readonly { readonly keys: string; readonly action: string }[] = [
  { keys: 'Ctrl/⌘ O', action: 'Open model files' },
  { keys: 'Ctrl/⌘ S', action: 'Export the session as a project file (.zip)' },
  { keys: 'Ctrl/⌘ F', action: 'Search nodes by name or op' },
  { keys: 'Enter / Shift Enter', action: 'Next / previous search match' },
  { keys: 'F', action: 'Fit the whole graph in view' },
  { keys: 'L', action: 'Toggle vertical / horizontal layout' },
  { keys: 'Q', action: 'Open or close the quantize panel' },
  { keys: 'R', action: 'Open or close the recipe editor' },
  { keys: 'E', action: 'Open or close the evaluate panel (Esc cancels a running evaluation)' },
  { keys: 'A', action: 'Open or close the analysis panel (per-layer error, sensitivity)' },
  { keys: 'V', action: 'Open or close the variants view (table, Pareto chart, layer comparison)' },
  { keys: 'X', action: 'Open or close the export panel (model file, C header, example, report, bundle)' },
  { keys: 'Alt ↑ / Alt ↓', action: 'Recipe: move the focused step up / down' },
  { keys: 'Ctrl/⌘ Z, Ctrl/⌘ Shift Z', action: 'Recipe: undo / redo an edit' },
  { keys: 'Esc', action: 'Clear search and selection, close popups' },
  { keys: '?', action: 'Show this help' },
];
