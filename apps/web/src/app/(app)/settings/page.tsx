'use client';

import Link from 'next/link';
import { settingsSections } from '@/components/settings/settings-nav';
import styles from '@/components/settings/settings.module.css';
import { useTitle } from '@/components/settings/use-stable';

export default function SettingsOverviewPage() {
  useTitle('Overview');
  return (
    <section aria-labelledby="settings-overview">
      <h2 id="settings-overview" className="visually-hidden">
        All settings
      </h2>
      <div className={styles.overview}>
        {settingsSections.map((section) => (
          <Link key={section.href} href={section.href} className={`card ${styles.overviewCard}`}>
            <h3>{section.label}</h3>
            <p>{section.description}</p>
          </Link>
        ))}
      </div>
    </section>
  );
}
