/** Japanese messages of the auth screens (merged into ja.ts). */
export const jaAuth = {
} as const;
