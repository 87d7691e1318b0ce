/**
 * The part of WebUSB's `USBDevice` the RC-S380 driver uses. The worker's TypeScript library has no WebUSB
 * types, and tests put a fake device behind the same shape (`fake-rcs380.testing.ts`).
 */

export interface UsbEndpointLike {
  readonly endpointNumber: number;
  readonly direction: 'in' | 'out';
  readonly type: 'bulk' | 'interrupt' | 'isochronous';
}

export interface UsbConfigurationLike {
  readonly configurationValue: number;
  readonly interfaces: readonly {
    readonly interfaceNumber: number;
    readonly alternate: { readonly endpoints: readonly UsbEndpointLike[] };
  }[];
}

export interface UsbDeviceLike {
  readonly vendorId: number;
  readonly productId: number;
  readonly productName?: string | undefined;
  readonly serialNumber?: string | undefined;
  readonly opened: boolean;
  readonly configuration: UsbConfigurationLike | null | undefined;
  open(): Promise<void>;
  close(): Promise<void>;
  selectConfiguration(configurationValue: number): Promise<void>;
  claimInterface(interfaceNumber: number): Promise<void>;
  transferOut(endpointNumber: number, data: Uint8Array<ArrayBuffer>): Promise<{ status?: string | undefined }>;
  transferIn(endpointNumber: number, length: number): Promise<{ status?: string | undefined; data?: DataView | null | undefined }>;
}

/** Sony's USB vendor id and the two RC-S380 product ids (RC-S380/S and RC-S380/P). */
export const SONY_VENDOR_ID = 0x054c;
export const RCS380_PRODUCT_IDS: readonly number[] = [0x06c1, 0x06c3];

export function isRcs380(device: Pick<UsbDeviceLike, 'vendorId' | 'productId'>): boolean {
  return device.vendorId === SONY_VENDOR_ID && RCS380_PRODUCT_IDS.includes(device.productId);
}
