'use client';

import Markdown, { type Components } from 'react-markdown';
import styles from './timeline.module.css';

const components: Components = {
  // Links leave the app in a new tab and pass on nothing about where they came from.
  a: ({ node: _node, ...props }) => <a {...props} target="_blank" rel="noopener noreferrer nofollow" />,
};

/**
 * An activity body as markdown. Raw HTML in the text is shown as the text
 * that was typed, never rendered: dropping it would lose words of the note
 * ("the <Enter> key sticks"). Images are not fetched (a remote image would
 * tell its host who read the note and when); react-markdown already
 * neutralises `javascript:` links.
 */
export function MarkdownBody({ text }: { text: string }) {
  return (
    <div className={styles.markdown}>
      <Markdown disallowedElements={['img']} unwrapDisallowed={false} components={components}>
        {text}
      </Markdown>
    </div>
  );
}
