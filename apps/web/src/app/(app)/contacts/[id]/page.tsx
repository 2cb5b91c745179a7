import { RecordPage } from '@/components/record/record-page';

// A static export prebuilds one shell, /contacts/_; the server hands it out for every id
// and the page reads the real id from the address (usePathname), never from params.
export function generateStaticParams() {
  return [{ id: '_' }];
}

export const metadata = { title: 'Contact' };

export default function ContactRecordRoute() {
  return <RecordPage object="contacts" />;
}
