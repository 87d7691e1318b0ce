/** English messages of the settings screen (merged into en.ts). */
import type { jaSettings } from './ja-settings.ts';

export const enSettings: Record<keyof typeof jaSettings, string> = {
  settingsScreen: 'Settings',
  settingsHeading: 'Settings',
  settingsBack: 'Back to the list',
  textSizeLegend: 'Text size',
  textSizeNormal: 'Normal',
  textSizeLarge: 'Large',
  textSizeExtraLarge: 'Extra large',
  englishLegend: 'English labels',
  englishShown: 'Show',
  englishHidden: 'Hide',
  deviceSection: 'This device',
  deviceName: 'Device name',
  deviceOffice: 'Office',
  deviceCredentialExpires: 'Enrollment valid until',
  idleLock: 'Automatic lock',
  idleLockValue: 'Locks after {minutes} min without use',
  storageSection: 'Storage',
  storagePersisted: 'Persistent (the browser will not clear it on its own)',
  storageNotPersisted: 'Not persistent (the browser may clear it when space runs low). Adding the app to the home screen helps.',
  storageUnsupported: 'This browser cannot make storage persistent',
  storageUsage: 'Used {used} of about {quota}',
  syncSection: 'Sync',
  versionSection: 'Version',
};
