'use client';

import { ProfileSettings } from '@/components/settings/profile-settings';
import { useTitle } from '@/components/settings/use-stable';

export default function ProfileSettingsPage() {
  useTitle('Profile');
  return <ProfileSettings />;
}
