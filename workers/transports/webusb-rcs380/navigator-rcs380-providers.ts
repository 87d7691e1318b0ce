/**
 * The RC-S380 provider bound to the browser's WebUSB (`navigator.usb`) in the card worker, or nothing where
 * WebUSB is missing (Firefox, Safari, iOS): there the list of transports simply has no `webusb` entry.
 */
import type { CardTransportProvider } from '../card-transport.ts';
import { createRcs380Provider } from './rcs380-provider.ts';
import type { UsbDeviceLike } from './usb-device-like.ts';

interface UsbLike {
  getDevices(): Promise<UsbDeviceLike[]>;
}

/** `scope` is the worker's global object; tests pass their own. */
export function navigatorRcs380Providers(scope: object = globalThis): CardTransportProvider[] {
  const navigator: unknown = 'navigator' in scope ? scope.navigator : undefined;
  const usb = typeof navigator === 'object' && navigator !== null && 'usb' in navigator ? (navigator.usb as Partial<UsbLike> | undefined) : undefined;
  const getDevices = usb?.getDevices;
  if (!usb || typeof getDevices !== 'function') return [];
  return [createRcs380Provider({ getDevices: () => getDevices.call(usb) })];
}
