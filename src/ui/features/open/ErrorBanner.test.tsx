import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { studioStore } from '../../store';
import { ErrorBanner } from './ErrorBanner';

afterEach(() => {
  cleanup();
  studioStore.setState(studioStore.getInitialState(), true);
});

describe('ErrorBanner', () => {
  it('names the file and the problem, as text, and can be dismissed', () => {
    const name = '<img src=x onerror="alert(1)">.onnx';
    studioStore.getState().setError({ code: 'truncated', fileName: name, message: `${name}: ends at byte 12` });
    const { container } = render(<ErrorBanner />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain(`${name} ends too early`);
    expect(alert.textContent).toContain('ends at byte 12');
    expect(container.querySelector('img')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss error' }));
    expect(studioStore.getState().error).toBeNull();
  });

  it('renders nothing without an error', () => {
    render(<ErrorBanner />);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
