'use client';

import { RecordListPage } from '@/components/records/record-list-page';

export default function CompaniesPage() {
  return <RecordListPage object="companies" />;
}
