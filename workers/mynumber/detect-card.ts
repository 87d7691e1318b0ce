/** Is the card on the reader a My Number card? One SELECT of the JPKI AP (`unsupportedCard` if not). */
import type { GuardedTransport } from '../apdu/apdu-policy.ts';
import type { CardOperationContext } from './card-operation-context.ts';
import { selectApp } from './select.ts';

export async function detectCard(transport: GuardedTransport, context: CardOperationContext = {}): Promise<{ myNumberCard: true }> {
  context.expectMore?.(1);
  await selectApp(transport, 'jpki', context);
  return { myNumberCard: true };
}
