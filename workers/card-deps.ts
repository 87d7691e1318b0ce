/**
 * The card service's real dependencies in the browser: the transports it can use. A virtual reader holding a
 * demo My Number card (synthetic person, test keys made at start-up) and the bridge to PC/SC readers (idle
 * until the app passes a pairing token through `configureBridge`); the WebUSB provider joins this list.
 */
import type { CardServiceDeps } from './card-service.ts';
import { createBridgeTransport } from './transports/bridge-transport.ts';
import type { BridgeConfigurable } from './transports/bridge-transport-settings.ts';
import { createVirtualCard } from './transports/virtual-card.ts';
import { createVirtualCardKeys } from './transports/virtual-card-keys.ts';
import { createVirtualReader } from './transports/virtual-reader.ts';
import { navigatorRcs380Providers } from './transports/webusb-rcs380/navigator-rcs380-providers.ts';

/** The demo card's synthetic holder and PINs (shown in the demo guide; not a real person). */
export const DEMO_VIRTUAL_CARD = {
  name: '見本 花子',
  address: '東京都千代田区見本町1丁目2番3号',
  birthDate: '1948-04-01',
  sex: 'female',
  authPin: '1234',
  cardInfoPin: '5678',
} as const;

export function createCardDeps(): CardServiceDeps & BridgeConfigurable {
  const card = createVirtualCardKeys({ cardLabel: 'demo' }).then((keys) => createVirtualCard({ ...DEMO_VIRTUAL_CARD, keys }));
  // If key generation fails the reader stays empty and sessions answer `noCard`.
  const reader = createVirtualReader({ id: 'virtual:demo', card: card.catch(() => null), latencyMs: 15 });
  const bridge = createBridgeTransport();
  return { transports: [reader, bridge, ...navigatorRcs380Providers()], configureBridge: bridge.configureBridge };
}
