'use client';

import { PipelinesSettings } from '@/components/settings/pipelines-settings';
import { useTitle } from '@/components/settings/use-stable';

export default function PipelinesSettingsPage() {
  useTitle('Pipelines');
  return <PipelinesSettings />;
}
