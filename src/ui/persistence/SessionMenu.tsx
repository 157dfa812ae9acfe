import { useEffect, useRef } from 'react';
import { DropdownMenu, type MenuEntry } from '../components/DropdownMenu';
import { useStudio } from '../store';
import { exportProject, importProject, newSession } from './actions';
import { SessionStatus } from './SessionStatus';
import './session.css';

/** Id of the hidden project file input. */
export const PROJECT_INPUT_ID = 'sd-import-project';

/**
 * The session menu: export the session as a project file (.zip), import one, or start a new session;
 * beside it, whether the session is kept in this browser. Ctrl/⌘ S exports.
 */
export function SessionMenu() {
  const hasModel = useStudio((s) => s.variants.length > 0);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey;
      if (!mod || event.altKey || event.shiftKey || event.key.toLowerCase() !== 's') return;
      // The browser's "save page" would save an empty shell: the project file is what keeps the work.
      event.preventDefault();
      void exportProject();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const entries: MenuEntry[] = [
    ...(hasModel
      ? [
          {
            key: 'export',
            title: 'Export project…',
            description: 'The model, its variants, results and recipe in one .zip (Ctrl/⌘ S)',
            onChoose: () => void exportProject(),
          },
        ]
      : []),
    {
      key: 'import',
      title: 'Import project…',
      description: 'Open a .zip exported from ScaleDown Studio',
      onChoose: () => input.current?.click(),
    },
    {
      key: 'new',
      title: 'New session',
      description: 'Close the model and its variants, and forget the session saved in this browser',
      onChoose: () => void newSession(),
    },
  ];
  return (
    <div className="sd-session">
      <DropdownMenu label="Session" menuLabel="Session" entries={entries} loadingNote="" emptyNote="" />
      <input
        ref={input}
        id={PROJECT_INPUT_ID}
        type="file"
        hidden
        accept=".zip,application/zip"
        aria-label="Import a project file"
        data-testid="project-input"
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          // Reset so choosing the same file again still fires a change.
          event.currentTarget.value = '';
          if (file) void importProject(file);
        }}
      />
      <SessionStatus />
    </div>
  );
}
