'use client';

import { RecordListPage } from '@/components/records/record-list-page';

export default function ContactsPage() {
  return <RecordListPage object="contacts" />;
}
