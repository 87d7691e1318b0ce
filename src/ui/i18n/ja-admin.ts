/** Japanese messages of the admin screens (merged into ja.ts). */
export const jaAdmin = {
} as const;
