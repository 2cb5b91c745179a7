'use client';

import { InvitationsSettings } from '@/components/settings/invitations-settings';
import { useTitle } from '@/components/settings/use-stable';

export default function InvitationsSettingsPage() {
  useTitle('Invitations');
  return <InvitationsSettings />;
}
