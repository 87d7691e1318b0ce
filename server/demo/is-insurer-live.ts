/** Whether an insurer feeds the platform on a given day (live from its `platformLiveFrom`, never if null). */
import type { Insurer } from '../../src/domain/index.ts';

export function isInsurerLive(insurer: Insurer, today: string): boolean {
  return insurer.platformLiveFrom !== null && insurer.platformLiveFrom <= today;
}
