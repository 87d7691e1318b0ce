/**
 * The fictional places and organisations of the demo: three neighbouring insurers (市町村) in one
 * prefecture, each at a different stage of joining the platform, the care-management office and three service
 * providers of a small care network, their staff, and the clinics that write 主治医意見書. Numbers carry
 * valid check digits (see check-digit.ts); town names are invented. Nothing here depends on the seed, so staff
 * sign-in ids stay the same in every demo dataset.
 */
import type { AreaGrade, Insurer, Provider, Staff } from '../../src/domain/index.ts';
import { withCheckDigit } from './check-digit.ts';
import { WORKING_AGE_GIVEN_NAMES, FAMILY_NAMES, joinName } from './name-pools.ts';
import { createSeededRandom } from './seeded-random.ts';

export const DEMO_PREFECTURE = '静岡県';
/** 都道府県番号 of the prefecture above (JIS X 0401). */
const PREFECTURE_CODE = '22';

/** A district (町名 or 大字) with its postal code; `chome` = how many 丁目 it has, 0 for 大字 addresses. */
export interface DemoDistrict {
  readonly name: string;
  readonly postalCode: string;
  readonly chome: number;
}

/** An insurer with the place it covers. */
export interface DemoTown {
  readonly insurer: Insurer;
  /** The address prefix below the prefecture, including any 郡. */
  readonly addressPrefix: string;
  readonly areaGrade: AreaGrade;
  /** Share of the demo population living here. */
  readonly share: number;
  readonly districts: readonly DemoDistrict[];
  /** The town's 地域包括支援センター (介護予防支援): the assigned office of some 要支援 people. */
  readonly communityCareCentre: { readonly providerNumber: string; readonly name: string };
}

function insurerNumber(serial: string): string {
  return withCheckDigit(PREFECTURE_CODE + serial);
}

/** 事業所番号: prefecture, 事業所区分 (7 指定事業所, 0 介護予防支援), 郡市区番号, serial, check digit. */
function providerNumber(kind: string, cityCode: string, serial: string): string {
  return withCheckDigit(PREFECTURE_CODE + kind + cityCode + serial);
}

/** 医療機関コード: prefecture, 点数表番号 1 (医科), 郡市区番号, serial, check digit. */
function clinicCode(cityCode: string, serial: string): string {
  return withCheckDigit(PREFECTURE_CODE + '1' + cityCode + serial);
}

function districts(list: string): DemoDistrict[] {
  return list
    .trim()
    .split(/\s+/)
    .map((entry) => {
      const [name, postalCode, chome] = entry.split(':');
      return { name: name as string, postalCode: postalCode as string, chome: Number(chome) };
    });
}

export const DEMO_TOWNS: readonly DemoTown[] = [
  {
    insurer: { insurerNumber: insurerNumber('901'), name: '桜丘市', prefecture: DEMO_PREFECTURE, platformLiveFrom: '2026-04-01' },
    addressPrefix: '桜丘市',
    areaGrade: 6,
    share: 0.55,
    districts: districts(`
      本町:437-0101:4 栄町:437-0102:3 旭町:437-0103:3 緑町:437-0104:2 若葉町:437-0105:3 中央:437-0106:5
      東原:437-0111:4 西原:437-0112:3 南台:437-0113:4 北台:437-0114:2 桜ケ丘:437-0121:5 城山:437-0122:3
    `),
    communityCareCentre: { providerNumber: providerNumber('0', '90', '0101'), name: '桜丘市地域包括支援センター' },
  },
  {
    insurer: { insurerNumber: insurerNumber('902'), name: '青浜町', prefecture: DEMO_PREFECTURE, platformLiveFrom: '2026-10-01' },
    addressPrefix: '南浜郡青浜町',
    areaGrade: 7,
    share: 0.3,
    districts: districts(`
      港町:439-0301:3 浜通:439-0302:4 汐見:439-0303:2 松原:439-0304:3 青浜:439-0305:5 新田:439-0306:2
    `),
    communityCareCentre: { providerNumber: providerNumber('0', '91', '0102'), name: '青浜町地域包括支援センター' },
  },
  {
    insurer: { insurerNumber: insurerNumber('903'), name: '高峰村', prefecture: DEMO_PREFECTURE, platformLiveFrom: null },
    addressPrefix: '北峰郡高峰村',
    areaGrade: 8,
    share: 0.15,
    districts: districts(`
      上野:439-0701:0 中郷:439-0702:0 下平:439-0703:0 奥沢:439-0704:0 西之入:439-0705:0
    `),
    communityCareCentre: { providerNumber: providerNumber('0', '92', '0103'), name: '高峰村地域包括支援センター' },
  },
];

const CITY_ADDRESS = `${DEMO_PREFECTURE}桜丘市`;

/** 居宅介護支援事業所: serves everyone in the demo. */
export const DEMO_CARE_MANAGEMENT_OFFICE: Provider = {
  providerNumber: providerNumber('7', '90', '0012'),
  name: 'さくらおかケアプランセンター',
  kind: 'careManagementOffice',
  serviceKinds: ['43'],
  areaGrade: 6,
  address: `${CITY_ADDRESS}本町2丁目5番8号`,
};

export const DEMO_HOME_HELP_PROVIDER: Provider = {
  providerNumber: providerNumber('7', '90', '0025'),
  name: 'ヘルパーステーションさくら',
  kind: 'serviceProvider',
  serviceKinds: ['11'],
  areaGrade: 6,
  address: `${CITY_ADDRESS}栄町1丁目12番3号`,
};

export const DEMO_DAY_SERVICE_PROVIDER: Provider = {
  providerNumber: providerNumber('7', '90', '0038'),
  name: 'デイサービスセンターこもれび',
  kind: 'serviceProvider',
  serviceKinds: ['15'],
  areaGrade: 6,
  address: `${CITY_ADDRESS}東原3丁目7番1号`,
};

export const DEMO_WELFARE_EQUIPMENT_PROVIDER: Provider = {
  providerNumber: providerNumber('7', '90', '0041'),
  name: '福祉用具センターあおば',
  kind: 'serviceProvider',
  serviceKinds: ['17', '41'],
  areaGrade: 6,
  address: `${CITY_ADDRESS}南台1丁目20番6号`,
};

export const DEMO_PROVIDERS: readonly Provider[] = [
  DEMO_CARE_MANAGEMENT_OFFICE,
  DEMO_HOME_HELP_PROVIDER,
  DEMO_DAY_SERVICE_PROVIDER,
  DEMO_WELFARE_EQUIPMENT_PROVIDER,
];

/** Another 居宅介護支援事業所 (not in the demo network): some people were with it before. */
export const OTHER_CARE_MANAGEMENT_OFFICE = { providerNumber: providerNumber('7', '90', '0054'), name: 'ケアプランセンターみどり' } as const;

/** Staff per provider: short code for sign-in ids, and how many of each role. */
const STAFF_PLAN: readonly { provider: Provider; code: string; roles: readonly (readonly [Staff['role'], number])[] }[] = [
  { provider: DEMO_CARE_MANAGEMENT_OFFICE, code: 'kyotaku', roles: [['admin', 1], ['careManager', 4]] },
  { provider: DEMO_HOME_HELP_PROVIDER, code: 'houmon', roles: [['admin', 1], ['helper', 6]] },
  { provider: DEMO_DAY_SERVICE_PROVIDER, code: 'tsusho', roles: [['admin', 1], ['helper', 3]] },
  { provider: DEMO_WELFARE_EQUIPMENT_PROVIDER, code: 'fukushi', roles: [['admin', 1], ['helper', 1]] },
];

const ROLE_CODE: Record<Staff['role'], string> = { admin: 'admin', careManager: 'cm', helper: 'helper' };

/** Staff of the demo providers, ids like `kyotaku-cm-1`, names drawn once from a fixed seed. */
export function demoStaff(): Staff[] {
  const rng = createSeededRandom(0x5a4f);
  const staff: Staff[] = [];
  for (const { provider, code, roles } of STAFF_PLAN) {
    for (const [role, count] of roles) {
      for (let n = 1; n <= count; n++) {
        const { name } = joinName(rng.pick(FAMILY_NAMES), rng.pick(WORKING_AGE_GIVEN_NAMES));
        staff.push({ staffId: `${code}-${ROLE_CODE[role]}-${n}`, providerNumber: provider.providerNumber, name, role });
      }
    }
  }
  return staff;
}

/** A clinic with its attending physicians; `townIndex` = the town it stands in (its patients mostly live there). */
export interface DemoClinic {
  readonly clinicCode: string;
  readonly name: string;
  readonly physicians: readonly string[];
  readonly townIndex: number;
}

export function demoClinics(): DemoClinic[] {
  const rng = createSeededRandom(0xc11c);
  const doctor = (): string => joinName(rng.pick(FAMILY_NAMES), rng.pick(WORKING_AGE_GIVEN_NAMES)).name;
  return [
    { clinicCode: clinicCode('90', '1013'), name: '桜丘市立病院', physicians: [doctor(), doctor(), doctor()], townIndex: 0 },
    { clinicCode: clinicCode('90', '2026'), name: 'さくらおか内科クリニック', physicians: [doctor()], townIndex: 0 },
    { clinicCode: clinicCode('90', '2039'), name: '東原整形外科医院', physicians: [doctor()], townIndex: 0 },
    { clinicCode: clinicCode('90', '2042'), name: '南台脳神経外科クリニック', physicians: [doctor()], townIndex: 0 },
    { clinicCode: clinicCode('91', '2015'), name: '青浜診療所', physicians: [doctor(), doctor()], townIndex: 1 },
    { clinicCode: clinicCode('92', '1018'), name: '高峰村国民健康保険診療所', physicians: [doctor()], townIndex: 2 },
  ];
}
