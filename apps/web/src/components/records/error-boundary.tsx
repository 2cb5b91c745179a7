'use client';

import { Component, type ReactNode } from 'react';

interface State {
  failed: boolean;
}

/**
 * The last line of defence: a rendering bug in the table shows a way back
 * instead of a blank page. Errors of requests never get here; they are states.
 */
export class TableErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="state" role="alert">
        <h2>The table ran into a problem</h2>
        <div>Your data is safe. Show the table again to carry on.</div>
        <button type="button" className="btn" onClick={() => this.setState({ failed: false })}>
          Show the table again
        </button>
      </div>
    );
  }
}
