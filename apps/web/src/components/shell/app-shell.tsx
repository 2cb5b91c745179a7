'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useState, type ReactNode } from 'react';
import { useToast } from '@/components/ui';
import { CommandPalette } from '@/components/search/command-palette';
import { errorMessage } from '@/lib/api';
import { useMe, useSession } from '@/lib/session';
import { useTheme, type Theme } from '@/lib/theme';
import styles from './app-shell.module.css';

const nav = [
  { href: '/my-work', label: 'My work' },
  { href: '/contacts', label: 'Contacts' },
  { href: '/companies', label: 'Companies' },
  { href: '/deals', label: 'Deals' },
  { href: '/pipeline', label: 'Pipeline' },
  { href: '/settings', label: 'Settings' },
];

export function AppShell({ children }: { children: ReactNode }) {
  const me = useMe();
  const { logout, switchWorkspace } = useSession();
  const pathname = usePathname();
  const router = useRouter();
  const toast = useToast();
  const [theme, setTheme] = useTheme();
  const [menuOpen, setMenuOpen] = useState(false);
  const [paletteOpen, setPaletteOpen] = useState(false);

  useEffect(() => setMenuOpen(false), [pathname]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setPaletteOpen((open) => !open);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  async function onSwitch(workspaceId: string) {
    try {
      await switchWorkspace(workspaceId);
      router.push('/my-work');
      toast('Switched workspace');
    } catch (error) {
      toast(errorMessage(error), 'error');
    }
  }

  async function onLogout() {
    await logout().catch(() => undefined);
    router.replace('/login');
  }

  return (
    <div className={styles.shell}>
      <a href="#main" className={styles.skip}>
        Skip to content
      </a>
      <header className={styles.topbar}>
        <button type="button" className="btn btn-ghost" aria-expanded={menuOpen} aria-controls="sidebar" onClick={() => setMenuOpen((o) => !o)}>
          Menu
        </button>
        <span className={styles.brandSmall}>NexusCRM</span>
        <button type="button" className="btn btn-ghost" onClick={() => setPaletteOpen(true)} aria-label="Search">
          Search
        </button>
      </header>
      <nav id="sidebar" className={`${styles.sidebar} ${menuOpen ? styles.open : ''}`} aria-label="Main">
        <div className={styles.brand}>
          <span className={styles.logo} aria-hidden="true">
            N
          </span>
          <span>NexusCRM</span>
        </div>
        <label className="visually-hidden" htmlFor="workspace-switch">
          Workspace
        </label>
        <select id="workspace-switch" className={`select ${styles.workspace}`} value={me.workspace.id} onChange={(e) => void onSwitch(e.target.value)}>
          {me.workspaces.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
        <button type="button" className={styles.searchButton} onClick={() => setPaletteOpen(true)}>
          <span>Search</span>
          <kbd className={styles.kbd}>Ctrl K</kbd>
        </button>
        <ul className={styles.links}>
          {nav.map((item) => {
            const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
            return (
              <li key={item.href}>
                <Link href={item.href} className={`${styles.link} ${active ? styles.active : ''}`} aria-current={active ? 'page' : undefined}>
                  {item.label}
                </Link>
              </li>
            );
          })}
        </ul>
        <div className={styles.footer}>
          <label className="visually-hidden" htmlFor="theme-select">
            Theme
          </label>
          <select id="theme-select" className="select" value={theme} onChange={(e) => setTheme(e.target.value as Theme)}>
            <option value="system">System theme</option>
            <option value="light">Light theme</option>
            <option value="dark">Dark theme</option>
          </select>
          <div className={styles.user}>
            <span className={styles.userName} title={me.user.email}>
              {me.user.name}
            </span>
            <button type="button" className="btn btn-sm" onClick={() => void onLogout()}>
              Log out
            </button>
          </div>
        </div>
      </nav>
      {menuOpen ? <div className={styles.scrim} onClick={() => setMenuOpen(false)} aria-hidden="true" /> : null}
      {/* Keyed by workspace: a switch remounts the page, so nothing from the last workspace stays on screen. */}
      <main id="main" key={me.workspace.id} className={styles.main} tabIndex={-1}>
        {children}
      </main>
      {paletteOpen ? <CommandPalette onClose={() => setPaletteOpen(false)} /> : null}
    </div>
  );
}
