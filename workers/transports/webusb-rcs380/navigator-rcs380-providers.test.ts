import { describe, expect, it } from 'vitest';
import { createFakeRcs380 } from './fake-rcs380.testing.ts';
import { navigatorRcs380Providers } from './navigator-rcs380-providers.ts';

describe('navigatorRcs380Providers', () => {
  it('is empty without WebUSB', () => {
    expect(navigatorRcs380Providers({ navigator: {} })).toEqual([]);
    expect(navigatorRcs380Providers({})).toEqual([]);
  });

  it('lists the granted devices of navigator.usb', async () => {
    const fake = createFakeRcs380({ card: null, serialNumber: 'S1' });
    const usb = {
      devices: [fake.device],
      async getDevices() {
        return this.devices;
      },
    };
    const [provider] = navigatorRcs380Providers({ navigator: { usb } });
    expect(provider?.kind).toBe('webusb');
    expect((await provider?.listReaders())?.map((r) => r.id)).toEqual(['webusb:rcs380:S1']);
  });
});
