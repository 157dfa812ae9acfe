import { describe, expect, it } from 'vitest';
import { shortcutFor } from './useShortcuts';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('keyboard shortcuts', () => {
  it('map keys to actions', () => {
    expect(shortcutFor(key('o', { ctrlKey: true }), false)).toBe('open');
    expect(shortcutFor(key('f', { metaKey: true }), false)).toBe('search');
    expect(shortcutFor(key('f'), false)).toBe('fit');
    expect(shortcutFor(key('L'), false)).toBe('direction');
    expect(shortcutFor(key('?'), false)).toBe('help');
    expect(shortcutFor(key('q'), false)).toBe('quantize');
    expect(shortcutFor(key('q'), true)).toBeUndefined();
    expect(shortcutFor(key('r'), false)).toBe('recipe');
    expect(shortcutFor(key('Escape'), false)).toBe('escape');
    expect(shortcutFor(key('x'), false)).toBeUndefined();
  });

  it('leave typing alone, except the modifier shortcuts and Escape', () => {
    expect(shortcutFor(key('f'), true)).toBeUndefined();
    expect(shortcutFor(key('l'), true)).toBeUndefined();
    expect(shortcutFor(key('f', { ctrlKey: true }), true)).toBe('search');
    expect(shortcutFor(key('Escape'), true)).toBe('escape');
    expect(shortcutFor(key('f', { altKey: true }), false)).toBeUndefined();
  });
});
