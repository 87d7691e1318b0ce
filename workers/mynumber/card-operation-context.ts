/** What a card operation is given besides the transport: cancellation and progress hooks. */
import type { ExchangeContext } from '../apdu/apdu-exchange.ts';
import type { CardStep } from '../../src/protocol/card.ts';

export interface CardOperationContext extends ExchangeContext {
  /** Told when the operation enters a step. */
  step?: (step: CardStep) => void;
}
