'use client';

import { CustomFieldsSettings } from '@/components/settings/custom-fields-settings';
import { useTitle } from '@/components/settings/use-stable';

export default function CustomFieldsSettingsPage() {
  useTitle('Custom fields');
  return <CustomFieldsSettings />;
}
