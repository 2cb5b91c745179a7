'use client';

import { useCallback, useEffect, useState } from 'react';

export type Theme = 'light' | 'dark' | 'system';
const storageKey = 'nexus-theme';
/** Tells every other `useTheme` on the page (the shell's picker, the profile page's) about a change. */
const changeEvent = 'nexus-theme-change';

function apply(theme: Theme): void {
  const dark = theme === 'dark' || (theme === 'system' && window.matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

/** Light, dark or the system's choice, remembered in this browser. */
export function useTheme(): [Theme, (theme: Theme) => void] {
  const [theme, setThemeState] = useState<Theme>('system');
  useEffect(() => {
    const saved = (localStorage.getItem(storageKey) as Theme | null) ?? 'system';
    setThemeState(saved);
    apply(saved);
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const follow = () => apply((localStorage.getItem(storageKey) as Theme | null) ?? 'system');
    media.addEventListener('change', follow);
    const sync = (event: Event) => setThemeState((event as CustomEvent<Theme>).detail);
    window.addEventListener(changeEvent, sync);
    return () => {
      media.removeEventListener('change', follow);
      window.removeEventListener(changeEvent, sync);
    };
  }, []);
  const setTheme = useCallback((next: Theme) => {
    localStorage.setItem(storageKey, next);
    setThemeState(next);
    apply(next);
    window.dispatchEvent(new CustomEvent<Theme>(changeEvent, { detail: next }));
  }, []);
  return [theme, setTheme];
}

/** Runs before the page paints, so a dark-theme user never sees a white flash. */
export const themeBootScript = `(function(){try{var t=localStorage.getItem('${storageKey}')||'system';var d=t==='dark'||(t==='system'&&matchMedia('(prefers-color-scheme: dark)').matches);document.documentElement.dataset.theme=d?'dark':'light';}catch(e){}})();`;
