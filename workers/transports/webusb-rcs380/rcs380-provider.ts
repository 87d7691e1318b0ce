/**
 * The `webusb` card transport: Sony RC-S380 readers the user has granted to the app. The window asks for a
 * device with `navigator.usb.requestDevice` on a click (it is window-only); the card worker finds granted
 * devices with `getDevices()` and opens them here. Card presence is unknown without a session (null).
 */
import { CardError } from '../../apdu/card-error.ts';
import type { CardReader } from '../../../src/protocol/card.ts';
import type { CardConnection, CardTransportProvider } from '../card-transport.ts';
import { connectRcs380, type Rcs380ConnectOptions } from './connect-rcs380.ts';
import { isRcs380, type UsbDeviceLike } from './usb-device-like.ts';

export interface Rcs380ProviderDeps {
  /** Granted USB devices (`navigator.usb.getDevices` in the browser). */
  getDevices(): Promise<readonly UsbDeviceLike[]>;
  options?: Rcs380ConnectOptions;
}

const READER_NAME = 'Sony RC-S380 (PaSoRi)';

export function createRcs380Provider(deps: Rcs380ProviderDeps): CardTransportProvider {
  async function readers(): Promise<{ reader: CardReader; device: UsbDeviceLike }[]> {
    const devices = (await deps.getDevices()).filter(isRcs380);
    return devices.map((device, index) => ({
      device,
      reader: { id: `webusb:rcs380:${device.serialNumber || index}`, name: READER_NAME, kind: 'webusb', cardPresent: null },
    }));
  }

  return {
    kind: 'webusb',
    async listReaders() {
      return (await readers()).map((r) => r.reader);
    },
    async connect(readerId: string, signal: AbortSignal): Promise<CardConnection> {
      if (signal.aborted) throw new CardError('cancelled');
      const found = (await readers()).find((r) => r.reader.id === readerId);
      if (!found) throw new CardError('readerNotFound');
      return connectRcs380(found.device, signal, deps.options);
    },
  };
}
