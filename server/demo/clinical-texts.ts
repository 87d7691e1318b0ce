/**
 * Synthetic clinical wording for 主治医意見書 and 認定調査票: diagnoses with the sentences a physician might
 * write about them, and the survey items of the 認定調査票 (基本調査, groups 1–7) with their answer choices
 * ordered from least to most need. The wording is generic and invented; it describes no real patient.
 */

/** Items of the 特別な医療 list (主治医意見書 §2 and 認定調査票 group 6). */
export const SPECIAL_MEDICAL_ITEMS = [
  '点滴の管理',
  '中心静脈栄養',
  '透析',
  'ストーマの処置',
  '酸素療法',
  'レスピレーター',
  '気管切開の処置',
  '疼痛の看護',
  '経管栄養',
  'モニター測定',
  'じょくそうの処置',
  'カテーテル',
] as const;
export type SpecialMedicalItem = (typeof SPECIAL_MEDICAL_ITEMS)[number];

export interface DiagnosisTemplate {
  readonly name: string;
  /** 特定疾病: a 第2号被保険者 (40–64) can be certified only for one of these. */
  readonly specifiedDisease: boolean;
  readonly dementia: boolean;
  /** Relative frequency as the main diagnosis (0 = only ever a secondary diagnosis). */
  readonly weight: number;
  /** Years between onset and today, as a range. */
  readonly onsetYearsAgo: readonly [number, number];
  /** 経過及び治療内容. */
  readonly course: string;
  readonly medication: string;
  /** 特別な医療 this illness sometimes brings, with its probability. */
  readonly specialMedical?: { readonly item: SpecialMedicalItem; readonly probability: number };
  /** 医学的観点からの留意事項. */
  readonly caution: string;
  /** 医学的管理の必要性 (services the physician recommends). */
  readonly recommended: string;
}

export const DIAGNOSES: readonly DiagnosisTemplate[] = [
  {
    name: '脳梗塞後遺症（左片麻痺）',
    specifiedDisease: true,
    dementia: false,
    weight: 12,
    onsetYearsAgo: [1, 8],
    course: '右中大脳動脈領域の脳梗塞を発症し、急性期治療の後に回復期リハビリテーション病棟を経て自宅に退院した。左上下肢に麻痺が残存している。',
    medication: '抗血小板薬及び降圧薬を内服中。再発予防のため血圧管理を継続している。',
    caution: '血圧の変動及び転倒に注意。入浴時は見守りが望ましい。',
    recommended: '訪問リハビリテーション、通所リハビリテーション',
  },
  {
    name: '脳梗塞後遺症（右片麻痺、失語）',
    specifiedDisease: true,
    dementia: false,
    weight: 6,
    onsetYearsAgo: [1, 10],
    course: '左中大脳動脈領域の脳梗塞により右片麻痺と運動性失語が残存した。言語聴覚療法を継続し、簡単な意思表示は可能である。',
    medication: '抗凝固薬を内服中。定期的に血液検査を行っている。',
    caution: '出血傾向に注意。意思の確認には時間をかけ、はい・いいえで答えられる問いかけが有効。',
    recommended: '訪問リハビリテーション（言語聴覚療法を含む）',
  },
  {
    name: '脳出血後遺症',
    specifiedDisease: true,
    dementia: false,
    weight: 4,
    onsetYearsAgo: [1, 12],
    course: '被殻出血により入院加療。保存的治療の後、片麻痺と注意障害が残存している。',
    medication: '降圧薬を内服中。家庭血圧の記録を指導している。',
    caution: '血圧上昇時は活動を控える。転倒に注意。',
    recommended: '通所リハビリテーション',
  },
  {
    name: 'アルツハイマー型認知症',
    specifiedDisease: true,
    dementia: true,
    weight: 16,
    onsetYearsAgo: [1, 9],
    course: '数年前から物忘れが目立ち、同じことを繰り返し尋ねるようになった。頭部MRIで海馬の萎縮を認め、アルツハイマー型認知症と診断した。',
    medication: 'コリンエステラーゼ阻害薬を内服中。',
    caution: '服薬管理は家族またはサービス提供者による確認が必要。環境の変化で混乱しやすい。',
    recommended: '通所介護による生活リズムの維持、訪問看護による服薬管理',
  },
  {
    name: '血管性認知症',
    specifiedDisease: true,
    dementia: true,
    weight: 5,
    onsetYearsAgo: [2, 10],
    course: '多発性ラクナ梗塞を背景に、意欲の低下と実行機能の障害が徐々に進行している。',
    medication: '抗血小板薬を内服中。',
    caution: '脱水と転倒に注意。日中の活動量の確保が望ましい。',
    recommended: '通所介護、訪問看護',
  },
  {
    name: '変形性膝関節症（両側）',
    specifiedDisease: true,
    dementia: false,
    weight: 12,
    onsetYearsAgo: [3, 20],
    course: '両膝の疼痛が長く続き、内反変形が進行している。関節内注射と運動療法で経過をみている。',
    medication: '消炎鎮痛薬の外用薬を使用中。',
    caution: '長距離の歩行と階段昇降で疼痛が増強する。体重管理が望ましい。',
    recommended: '通所リハビリテーション、福祉用具（手すり、歩行器）',
  },
  {
    name: '慢性心不全',
    specifiedDisease: false,
    dementia: false,
    weight: 9,
    onsetYearsAgo: [1, 10],
    course: '高血圧性心疾患を背景に心不全による入院歴がある。利尿薬等で症状は安定しているが、労作時の息切れがある。',
    medication: '利尿薬、β遮断薬を内服中。',
    specialMedical: { item: 'モニター測定', probability: 0.1 },
    caution: '体重増加、下肢のむくみ、息切れの増悪に注意。塩分と水分の制限あり。',
    recommended: '訪問看護による体調管理',
  },
  {
    name: 'パーキンソン病',
    specifiedDisease: true,
    dementia: false,
    weight: 6,
    onsetYearsAgo: [2, 15],
    course: '振戦と動作緩慢で発症した。L-ドパ製剤で加療中。すくみ足があり、方向転換時に不安定である。',
    medication: 'L-ドパ製剤ほか抗パーキンソン病薬を内服中。',
    caution: '服薬時間を守ること。転倒と誤嚥に注意。',
    recommended: '訪問リハビリテーション、訪問看護',
  },
  {
    name: '腰部脊柱管狭窄症',
    specifiedDisease: true,
    dementia: false,
    weight: 6,
    onsetYearsAgo: [2, 15],
    course: '間欠性跛行があり、連続歩行は数分程度で休息を要する。保存的に経過をみている。',
    medication: '末梢循環改善薬、鎮痛薬を内服中。',
    caution: '下肢のしびれの増悪に注意。',
    recommended: '通所リハビリテーション',
  },
  {
    name: '骨粗鬆症（腰椎圧迫骨折）',
    specifiedDisease: true,
    dementia: false,
    weight: 7,
    onsetYearsAgo: [1, 6],
    course: '尻もちをついた後に腰痛が出現し、第1腰椎の圧迫骨折を認めた。コルセット装着で保存的に治療した。',
    medication: '骨粗鬆症治療薬を内服中。',
    caution: '再骨折予防のため転倒に注意。重い物を持たない。',
    recommended: '福祉用具（手すり）、住宅改修（段差解消）',
  },
  {
    name: '右大腿骨頸部骨折術後',
    specifiedDisease: false,
    dementia: false,
    weight: 6,
    onsetYearsAgo: [1, 5],
    course: '自宅で転倒し右大腿骨頸部骨折を受傷した。人工骨頭置換術を施行し、術後リハビリテーションを経て退院した。',
    medication: '鎮痛薬を頓用。',
    caution: '脱臼肢位（深い屈曲、内旋）を避ける。転倒に注意。',
    recommended: '訪問リハビリテーション、福祉用具（歩行器）',
  },
  {
    name: '糖尿病性腎症',
    specifiedDisease: true,
    dementia: false,
    weight: 4,
    onsetYearsAgo: [3, 15],
    course: '2型糖尿病の経過中に腎機能が低下した。食事療法と薬物療法を継続している。',
    medication: '血糖降下薬を内服中。',
    specialMedical: { item: '透析', probability: 0.25 },
    caution: '低血糖症状に注意。食事量が少ない日は服薬について相談すること。',
    recommended: '訪問看護、栄養指導',
  },
  {
    name: '慢性閉塞性肺疾患',
    specifiedDisease: true,
    dementia: false,
    weight: 4,
    onsetYearsAgo: [3, 15],
    course: '長年の喫煙歴があり、労作時の呼吸困難が徐々に増悪している。吸入薬で加療中。',
    medication: '長時間作用型気管支拡張薬を吸入中。',
    specialMedical: { item: '酸素療法', probability: 0.5 },
    caution: '感染を契機とした増悪に注意。発熱、痰の増加時は早めに受診すること。',
    recommended: '訪問看護、訪問リハビリテーション（呼吸リハビリテーション）',
  },
  {
    name: '関節リウマチ',
    specifiedDisease: true,
    dementia: false,
    weight: 3,
    onsetYearsAgo: [5, 25],
    course: '手指と膝の関節変形が進行している。抗リウマチ薬で疾患活動性は概ね落ち着いている。',
    medication: '抗リウマチ薬を内服中。',
    caution: '感染症に注意。手指の細かい動作に支援を要する。',
    recommended: '訪問介護（家事援助）、福祉用具',
  },
  { name: '高血圧症', specifiedDisease: false, dementia: false, weight: 0, onsetYearsAgo: [5, 30], course: '', medication: '', caution: '', recommended: '' },
  { name: '脂質異常症', specifiedDisease: false, dementia: false, weight: 0, onsetYearsAgo: [5, 25], course: '', medication: '', caution: '', recommended: '' },
  { name: '2型糖尿病', specifiedDisease: false, dementia: false, weight: 0, onsetYearsAgo: [5, 25], course: '', medication: '', caution: '', recommended: '' },
  { name: '心房細動', specifiedDisease: false, dementia: false, weight: 0, onsetYearsAgo: [2, 15], course: '', medication: '', caution: '', recommended: '' },
  { name: '慢性腎臓病', specifiedDisease: false, dementia: false, weight: 0, onsetYearsAgo: [2, 15], course: '', medication: '', caution: '', recommended: '' },
  { name: '白内障', specifiedDisease: false, dementia: false, weight: 0, onsetYearsAgo: [2, 15], course: '', medication: '', caution: '', recommended: '' },
  { name: '逆流性食道炎', specifiedDisease: false, dementia: false, weight: 0, onsetYearsAgo: [1, 10], course: '', medication: '', caution: '', recommended: '' },
];

/** One item of the 認定調査票 基本調査 with its choices, least need first. */
export interface SurveyItem {
  readonly item: string;
  readonly choices: readonly string[];
  /** Shifts the item's difficulty, in care-level steps: −2 = answered "well" longer than the average item. */
  readonly offset: number;
  /** Which severity drives the answer: physical need, or cognition. */
  readonly driver: 'physical' | 'cognitive';
}

const CAN3 = ['つかまらないでできる', '何かにつかまればできる', 'できない'] as const;
const HELP3 = ['介助されていない', '一部介助', '全介助'] as const;
const HELP4 = ['介助されていない', '見守り等', '一部介助', '全介助'] as const;
const CAN2 = ['できる', 'できない'] as const;
const FREQ3 = ['ない', 'ときどきある', 'ある'] as const;

function item(name: string, choices: readonly string[], offset: number, driver: 'physical' | 'cognitive' = 'physical'): SurveyItem {
  return { item: name, choices, offset, driver };
}

/** Groups 1–5 of the 基本調査 (groups 6 and 7 are built from the clinical profile). */
export const SURVEY_GROUPS: readonly { readonly group: number; readonly title: string; readonly items: readonly SurveyItem[] }[] = [
  {
    group: 1,
    title: '身体機能・起居動作',
    items: [
      item('1-1 麻痺等の有無', ['なし', '左下肢', '左上肢・左下肢'], -1),
      item('1-2 拘縮の有無', ['なし', '膝関節', '肩関節・膝関節'], -1),
      item('1-3 寝返り', CAN3, -2),
      item('1-4 起き上がり', CAN3, -1),
      item('1-5 座位保持', ['できる', '自分の手で支えればできる', '支えてもらえればできる', 'できない'], -2),
      item('1-6 両足での立位保持', ['支えなしでできる', '何か支えがあればできる', 'できない'], -1),
      item('1-7 歩行', CAN3, 0),
      item('1-8 立ち上がり', CAN3, 0),
      item('1-9 片足での立位', ['支えなしでできる', '何か支えがあればできる', 'できない'], 1),
      item('1-10 洗身', HELP3, 1),
      item('1-11 つめ切り', HELP3, 2),
      item('1-12 視力', ['普通', '約1m離れた視力確認表の図が見える', '目の前に置いた視力確認表の図が見える'], -4),
      item('1-13 聴力', ['普通', '普通の声がやっと聞き取れる', 'かなり大きな声なら何とか聞き取れる'], -3),
    ],
  },
  {
    group: 2,
    title: '生活機能',
    items: [
      item('2-1 移乗', HELP4, -1),
      item('2-2 移動', HELP4, -1),
      item('2-3 えん下', ['できる', '見守り等', 'できない'], -3),
      item('2-4 食事摂取', HELP4, -3),
      item('2-5 排尿', HELP4, -1),
      item('2-6 排便', HELP4, -1),
      item('2-7 口腔清潔', HELP3, 0),
      item('2-8 洗顔', HELP3, -1),
      item('2-9 整髪', HELP3, -1),
      item('2-10 上衣の着脱', HELP4, 0),
      item('2-11 ズボン等の着脱', HELP4, 0),
      item('2-12 外出頻度', ['週1回以上', '月1回以上', '月1回未満'], -1),
    ],
  },
  {
    group: 3,
    title: '認知機能',
    items: [
      item('3-1 意思の伝達', ['調査対象者が意思を他者に伝達できる', 'ときどき伝達できる', 'ほとんど伝達できない', 'できない'], -2, 'cognitive'),
      item('3-2 毎日の日課を理解', CAN2, 0, 'cognitive'),
      item('3-3 生年月日や年齢を言う', CAN2, 0, 'cognitive'),
      item('3-4 短期記憶', CAN2, 1, 'cognitive'),
      item('3-5 自分の名前を言う', CAN2, -3, 'cognitive'),
      item('3-6 今の季節を理解する', CAN2, -1, 'cognitive'),
      item('3-7 場所の理解', CAN2, -1, 'cognitive'),
      item('3-8 常時の徘徊', FREQ3, -2, 'cognitive'),
      item('3-9 外出すると戻れない', FREQ3, -2, 'cognitive'),
    ],
  },
  {
    group: 4,
    title: '精神・行動障害',
    items: [
      item('4-1 物を盗られたなどと被害的になる', FREQ3, -2, 'cognitive'),
      item('4-2 作話', FREQ3, -2, 'cognitive'),
      item('4-3 泣いたり、笑ったりして感情が不安定になる', FREQ3, -3, 'cognitive'),
      item('4-4 昼夜の逆転', FREQ3, -2, 'cognitive'),
      item('4-5 しつこく同じ話をする', FREQ3, -1, 'cognitive'),
      item('4-6 大声をだす', FREQ3, -3, 'cognitive'),
      item('4-7 介護に抵抗する', FREQ3, -2, 'cognitive'),
      item('4-8 落ち着きなし', FREQ3, -2, 'cognitive'),
      item('4-9 一人で出たがる', FREQ3, -3, 'cognitive'),
      item('4-10 収集癖', FREQ3, -4, 'cognitive'),
      item('4-11 物や衣類を壊す', FREQ3, -4, 'cognitive'),
      item('4-12 ひどい物忘れ', FREQ3, 0, 'cognitive'),
      item('4-13 独り言・独り笑い', FREQ3, -3, 'cognitive'),
      item('4-14 自分勝手に行動する', FREQ3, -3, 'cognitive'),
      item('4-15 話がまとまらない', FREQ3, -2, 'cognitive'),
    ],
  },
  {
    group: 5,
    title: '社会生活への適応',
    items: [
      item('5-1 薬の内服', HELP3, 0, 'cognitive'),
      item('5-2 金銭の管理', HELP3, 1, 'cognitive'),
      item('5-3 日常の意思決定', ['できる', '特別な場合を除いてできる', '日常的に困難', 'できない'], 0, 'cognitive'),
      item('5-4 集団への不適応', FREQ3, -3, 'cognitive'),
      item('5-5 買い物', HELP4, 1),
      item('5-6 簡単な調理', HELP4, 1),
    ],
  },
];

/** 特記事項 sentences for some items, by the index of the chosen answer. */
export const SURVEY_NOTES: Readonly<Record<string, readonly string[]>> = {
  '1-7 歩行': [
    '屋内外とも杖を使わずに歩いている。長い距離は途中で休みを入れている。',
    '屋内は壁や家具を伝って歩き、屋外はシルバーカーを使用している。',
    '歩行はできず、移動は車いすで介助を受けている。',
  ],
  '2-5 排尿': [
    '自立している。夜間に2回ほど起きてトイレに行く。',
    '失敗はないが、夜間はトイレまで家族が付き添っている。',
    '尿取りパッドを使用し、交換に一部介助を受けている。',
    'おむつを使用し、交換は全て介助を受けている。',
  ],
  '3-4 短期記憶': [
    '面接の最初に提示した物品3つを、5分後に全て答えられた。',
    '面接の最初に提示した物品3つを、5分後に一つも答えられなかった。',
  ],
  '4-12 ひどい物忘れ': [
    '',
    '鍋を火にかけたまま忘れることが月に数回あり、家族がガスの元栓を確認している。',
    '鍋を火にかけたまま忘れることが週に1回以上あり、調理は家族が行うようになった。',
  ],
  '5-1 薬の内服': [
    'お薬カレンダーを使って自分で内服している。',
    '薬の準備と声かけを家族が行っている。',
    '家族が毎回手渡しし、服薬を確認している。',
  ],
};

/** 概況 (living situation) lines for the 特記事項. */
export const LIVING_SITUATIONS: readonly string[] = [
  '独居。近くに住む長女が週に2回訪問している。',
  '独居。民生委員が定期的に訪問している。',
  '夫と二人暮らし。夫も高齢で介護負担が大きい。',
  '妻と二人暮らし。日常の介護は主に妻が行っている。',
  '長男夫婦と同居。日中は家族が仕事で不在となる。',
  '長女と二人暮らし。長女は就労しており、日中は独居となる。',
  '次男家族と同居。孫が通院の送迎をしている。',
];

/** Lines of the 主治医意見書 §3–4 by physical need (index 0 = 要支援1 … 6 = 要介護5). */
export const MOBILITY_BY_SEVERITY: readonly string[] = [
  '屋外歩行は自立しているが、長距離は休みながら歩く。',
  '屋外歩行は杖を使用して自立。外出頻度は減っている。',
  '屋内は伝い歩き、屋外は杖または歩行器を使用。',
  '屋内は歩行器、屋外は車いすを使用し、介助を要する。',
  '移動は車いすが中心で、移乗に一部介助を要する。',
  '車いすへの移乗に介助を要し、日中もベッド上で過ごすことが多い。',
  '寝返りに介助を要し、ほぼ終日ベッド上で過ごしている。',
];

export const RISKS_BY_SEVERITY: readonly string[] = [
  '転倒・骨折、閉じこもり',
  '転倒・骨折、意欲低下',
  '転倒・骨折、移動能力の低下',
  '転倒・骨折、尿失禁、移動能力の低下',
  '尿失禁、じょくそう、低栄養',
  'じょくそう、摂食・えん下機能低下、脱水',
  'じょくそう、誤嚥性肺炎、脱水',
];
