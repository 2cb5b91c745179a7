'use client';

import { MembersSettings } from '@/components/settings/members-settings';
import { useTitle } from '@/components/settings/use-stable';

export default function MembersSettingsPage() {
  useTitle('Members');
  return <MembersSettings />;
}
