import type { ReactNode } from 'react';
import styles from './auth.module.css';

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className={styles.wrap}>
      <div className={styles.brand}>
        <span className={styles.logo} aria-hidden="true">
          N
        </span>
        NexusCRM
      </div>
      <div className={styles.card}>{children}</div>
    </main>
  );
}
