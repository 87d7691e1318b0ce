/**
 * The 検証番号 (check digit) of 保険者番号, 事業所番号 and 医療機関コード: modulus 10 with weights 2 and 1.
 * Per 厚生労働省「保険者番号設定要領」: multiply each digit by 2 and 1 alternately starting from the last digit,
 * add the products (a two-digit product counts as the sum of its digits), and the check digit is 10 minus the
 * last digit of that sum (0 when the last digit is 0). Example: 札幌市 01100 → 011007.
 */

/** The check digit for a string of digits (without the check digit). */
export function checkDigitOf(body: string): number {
  if (!/^\d+$/.test(body)) throw new RangeError('check digit body must be digits');
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    const product = digit * (i % 2 === 0 ? 2 : 1);
    sum += product >= 10 ? product - 9 : product;
  }
  const last = sum % 10;
  return last === 0 ? 0 : 10 - last;
}

/** `body` followed by its check digit. */
export function withCheckDigit(body: string): string {
  return body + String(checkDigitOf(body));
}

/** True when the last digit of `number` is the check digit of the rest. */
export function hasValidCheckDigit(number: string): boolean {
  return /^\d{2,}$/.test(number) && withCheckDigit(number.slice(0, -1)) === number;
}
