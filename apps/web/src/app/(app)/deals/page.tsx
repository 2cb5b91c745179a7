'use client';

import { RecordListPage } from '@/components/records/record-list-page';

export default function DealsPage() {
  return <RecordListPage object="deals" />;
}
