/**
 * Keyboard movement in the admin tab list, as the WAI-ARIA Authoring Practices tabs pattern describes:
 * ←/→ move to the previous/next tab and wrap around, Home/End go to the first/last.
 */
export function tabIndexForKey(key: string, current: number, count: number): number | null {
  if (count <= 0) return null;
  switch (key) {
    case 'ArrowRight':
      return (current + 1) % count;
    case 'ArrowLeft':
      return (current - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
