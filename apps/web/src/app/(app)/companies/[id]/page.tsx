import { RecordPage } from '@/components/record/record-page';

// A static export prebuilds one shell, /companies/_; the server hands it out for every id
// and the page reads the real id from the address (usePathname), never from params.
export function generateStaticParams() {
  return [{ id: '_' }];
}

export const metadata = { title: 'Company' };

export default function CompanyRecordRoute() {
  return <RecordPage object="companies" />;
}
