'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import styles from './settings.module.css';

export const settingsSections = [
  { href: '/settings/profile', label: 'Profile', description: 'Your name, password and theme.' },
  { href: '/settings/members', label: 'Members', description: 'Who is in this workspace and what they may do.' },
  { href: '/settings/invitations', label: 'Invitations', description: 'Invite people by email and track who joined.' },
  { href: '/settings/api-keys', label: 'API keys', description: 'Keys for scripts and integrations that use the API.' },
  { href: '/settings/custom-fields', label: 'Custom fields', description: 'Extra fields on contacts, companies, deals and activities.' },
  { href: '/settings/pipelines', label: 'Pipelines', description: 'Sales pipelines and the stages deals move through.' },
] as const;

export function SettingsNav() {
  const pathname = usePathname();
  return (
    <nav className={styles.nav} aria-label="Settings">
      <ul>
        {settingsSections.map((section) => {
          const active = pathname === section.href || pathname.startsWith(`${section.href}/`);
          return (
            <li key={section.href}>
              <Link href={section.href} className={`${styles.navLink} ${active ? styles.navActive : ''}`} aria-current={active ? 'page' : undefined}>
                {section.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
