/** Commands the palette offers beside records when the query names them ("pipe", "new contact", "go deals"). */

export interface PaletteAction {
  id: string;
  label: string;
  href: string;
  /** Extra words the action answers to. */
  keywords: string;
}

export const paletteActions: readonly PaletteAction[] = [
  { id: 'new-contact', label: 'New contact', href: '/contacts?new=1', keywords: 'create add person lead' },
  { id: 'go-pipeline', label: 'Go to Pipeline', href: '/pipeline', keywords: 'board kanban stages open' },
  { id: 'go-my-work', label: 'Go to My work', href: '/my-work', keywords: 'tasks todo home open' },
  { id: 'go-contacts', label: 'Go to Contacts', href: '/contacts', keywords: 'people open' },
  { id: 'go-companies', label: 'Go to Companies', href: '/companies', keywords: 'accounts organisations organizations open' },
  { id: 'go-deals', label: 'Go to Deals', href: '/deals', keywords: 'opportunities open' },
  { id: 'go-settings', label: 'Go to Settings', href: '/settings', keywords: 'preferences pipelines fields members open' },
];

function wordsOf(text: string): string[] {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** Actions whose words start with every word typed; a single letter matches nothing (it would match everything). */
export function matchActions(query: string, actions: readonly PaletteAction[] = paletteActions): PaletteAction[] {
  const typed = wordsOf(query);
  if (typed.length === 0 || (typed.length === 1 && (typed[0]?.length ?? 0) < 2)) return [];
  return actions.filter((action) => {
    const own = wordsOf(`${action.label} ${action.keywords}`);
    return typed.every((word) => own.some((w) => w.startsWith(word)));
  });
}
