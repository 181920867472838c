import type { CSSProperties } from 'react';

/**
 * Hides content visually while keeping it in the accessibility tree. This is behaviour, not theme:
 * a live region must never be visible, so it is inline rather than left to styles.css.
 */
export const visuallyHidden: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
};
