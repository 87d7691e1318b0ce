/**
 * The activation code dialog's choices and how the code is shown: the validity options (the contract allows
 * 1–72 hours, 24 by default) and the code spelled out character by character for screen readers, which
 * would otherwise read a group such as "K7QM" as a word.
 */
export const VALID_HOURS_OPTIONS = [1, 4, 8, 24, 48, 72] as const;
export const DEFAULT_VALID_HOURS = 24;

/** The groups of a code such as `K7QM-2RTX-9PLA`, for display with wide gaps. */
export function activationCodeGroups(code: string): string[] {
  return code.split('-').filter((group) => group !== '');
}

/** `K7QM-2RTX-9PLA` → `K 7 Q M、2 R T X、9 P L A`. */
export function spokenActivationCode(code: string): string {
  return activationCodeGroups(code)
    .map((group) => [...group].join(' '))
    .join('、');
}
