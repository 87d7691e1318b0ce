/**
 * What makes a staff PIN acceptable: 6–12 digits that are not trivially guessed (one digit repeated, a
 * straight run up or down, or a repeated pair like 121212). The PIN is the second factor where no passkey
 * can be made, and it also protects the offline copy of the data key.
 */
export type PinProblem = 'format' | 'repeated' | 'sequence';

export function pinProblem(pin: string): PinProblem | null {
  if (!/^[0-9]{6,12}$/.test(pin)) return 'format';
  const digits = [...pin].map(Number);
  if (digits.every((d) => d === digits[0])) return 'repeated';
  const steps = digits.slice(1).map((d, i) => (d - (digits[i] ?? 0) + 10) % 10);
  if (steps.every((s) => s === 1) || steps.every((s) => s === 9)) return 'sequence';
  if (pin.length % 2 === 0 && pin === pin.slice(0, 2).repeat(pin.length / 2)) return 'repeated';
  return null;
}

export const PIN_PROBLEM_MESSAGES: Record<PinProblem, { ja: string; en: string }> = {
  format: { ja: 'PINは6〜12桁の数字です。', en: 'The PIN is 6 to 12 digits.' },
  repeated: { ja: '同じ数字の繰り返しはPINに使えません。', en: 'Repeated digits cannot be used as a PIN.' },
  sequence: { ja: '連続した数字（123456 など）はPINに使えません。', en: 'Runs of digits (like 123456) cannot be used as a PIN.' },
};
