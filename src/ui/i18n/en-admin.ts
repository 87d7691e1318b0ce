/** English messages of the admin screens (merged into en.ts). */
import type { jaAdmin } from './ja-admin.ts';

export const enAdmin: Record<keyof typeof jaAdmin, string> = {
};
