'use client';

import { ApiKeysSettings } from '@/components/settings/api-keys-settings';
import { useTitle } from '@/components/settings/use-stable';

export default function ApiKeysSettingsPage() {
  useTitle('API keys');
  return <ApiKeysSettings />;
}
