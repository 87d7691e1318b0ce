/** English messages of the auth screens (merged into en.ts). */
import type { jaAuth } from './ja-auth.ts';

export const enAuth: Record<keyof typeof jaAuth, string> = {
};
