'use client';

import type { ReactNode } from 'react';
import { SettingsNav } from '@/components/settings/settings-nav';
import styles from '@/components/settings/settings.module.css';

/** Every settings page: the settings sub-navigation beside the section. */
export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <div className="page">
      <div className="page-header">
        <h1>Settings</h1>
      </div>
      <div className={styles.layout}>
        <SettingsNav />
        <div className={styles.content}>{children}</div>
      </div>
    </div>
  );
}
