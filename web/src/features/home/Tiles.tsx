/** Number tiles side by side, as many to a row as fit (five on a console, two to four on a phone), all the same width. */
import type { ReactNode } from 'react';

export function Tiles({ children, min = 150 }: { children: ReactNode; min?: number }) {
  return <div style={{ display: 'grid', gridTemplateColumns: `repeat(auto-fit, minmax(${min}px, 1fr))`, gap: 12 }}>{children}</div>;
}
