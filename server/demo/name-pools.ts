/**
 * Name pools for synthetic people: common family names and given names typical of people born 1925–1960,
 * each with its katakana reading. A person's name is a random combination, so it names nobody in particular;
 * combinations that would spell a well-known public figure are listed in `FAMOUS_NAME_BLOCKLIST` and redrawn.
 */

/** A name part: kanji (or kana) as written, and its reading in full-width katakana. */
export interface NamePart {
  readonly kanji: string;
  readonly kana: string;
}

function parts(table: string): NamePart[] {
  return table
    .trim()
    .split(/\s+/)
    .map((pair) => {
      const [kanji, kana] = pair.split(':');
      if (!kanji || !kana) throw new Error(`bad name pair: ${pair}`);
      return { kanji, kana };
    });
}

/** About 150 common family names. */
export const FAMILY_NAMES: readonly NamePart[] = parts(`
佐藤:サトウ 鈴木:スズキ 高橋:タカハシ 田中:タナカ 伊藤:イトウ 渡辺:ワタナベ 山本:ヤマモト 中村:ナカムラ
小林:コバヤシ 加藤:カトウ 吉田:ヨシダ 山田:ヤマダ 佐々木:ササキ 山口:ヤマグチ 松本:マツモト 井上:イノウエ
木村:キムラ 林:ハヤシ 斎藤:サイトウ 清水:シミズ 山崎:ヤマザキ 森:モリ 池田:イケダ 橋本:ハシモト
阿部:アベ 石川:イシカワ 山下:ヤマシタ 中島:ナカジマ 石井:イシイ 小川:オガワ 前田:マエダ 岡田:オカダ
長谷川:ハセガワ 藤田:フジタ 後藤:ゴトウ 近藤:コンドウ 村上:ムラカミ 遠藤:エンドウ 青木:アオキ 坂本:サカモト
斉藤:サイトウ 福田:フクダ 太田:オオタ 西村:ニシムラ 藤井:フジイ 金子:カネコ 岡本:オカモト 藤原:フジワラ
中野:ナカノ 三浦:ミウラ 原田:ハラダ 中川:ナカガワ 松田:マツダ 竹内:タケウチ 小野:オノ 田村:タムラ
中山:ナカヤマ 和田:ワダ 石田:イシダ 森田:モリタ 上田:ウエダ 原:ハラ 内田:ウチダ 柴田:シバタ
酒井:サカイ 宮崎:ミヤザキ 横山:ヨコヤマ 高木:タカギ 安藤:アンドウ 宮本:ミヤモト 大野:オオノ 小島:コジマ
谷口:タニグチ 今井:イマイ 工藤:クドウ 高田:タカダ 増田:マスダ 丸山:マルヤマ 杉山:スギヤマ 村田:ムラタ
大塚:オオツカ 新井:アライ 小山:コヤマ 平野:ヒラノ 藤本:フジモト 河野:コウノ 上野:ウエノ 野口:ノグチ
武田:タケダ 松井:マツイ 千葉:チバ 岩崎:イワサキ 菅原:スガワラ 木下:キノシタ 久保:クボ 佐野:サノ
野村:ノムラ 松尾:マツオ 市川:イチカワ 菊地:キクチ 杉本:スギモト 古川:フルカワ 大西:オオニシ 島田:シマダ
水野:ミズノ 桜井:サクライ 高野:タカノ 渡部:ワタナベ 吉川:ヨシカワ 山内:ヤマウチ 西田:ニシダ 飯田:イイダ
菊池:キクチ 西川:ニシカワ 小松:コマツ 北村:キタムラ 安田:ヤスダ 五十嵐:イガラシ 川口:カワグチ 平田:ヒラタ
関:セキ 中田:ナカタ 久保田:クボタ 服部:ハットリ 東:ヒガシ 岩田:イワタ 土屋:ツチヤ 川崎:カワサキ
福島:フクシマ 本田:ホンダ 辻:ツジ 樋口:ヒグチ 秋山:アキヤマ 田口:タグチ 永井:ナガイ 山中:ヤマナカ
中西:ナカニシ 吉村:ヨシムラ 川上:カワカミ 石原:イシハラ 大橋:オオハシ 松岡:マツオカ 馬場:ババ 浅野:アサノ
荒木:アラキ 大久保:オオクボ 野田:ノダ 小池:コイケ 松下:マツシタ 熊谷:クマガイ 大川:オオカワ 望月:モチヅキ
杉浦:スギウラ 鈴村:スズムラ 村松:ムラマツ 栗田:クリタ 片山:カタヤマ 沢田:サワダ
`);

/** About 80 male given names common among men born 1925–1960. */
export const MALE_GIVEN_NAMES: readonly NamePart[] = parts(`
清:キヨシ 茂:シゲル 勇:イサム 博:ヒロシ 実:ミノル 進:ススム 弘:ヒロシ 正:タダシ
勝:マサル 隆:タカシ 昭:アキラ 武:タケシ 明:アキラ 豊:ユタカ 稔:ミノル 修:オサム
浩:ヒロシ 誠:マコト 勉:ツトム 忠:タダシ 保:タモツ 透:トオル 功:イサオ 久:ヒサシ
栄:サカエ 正雄:マサオ 和夫:カズオ 幸雄:ユキオ 義雄:ヨシオ 一郎:イチロウ 三郎:サブロウ 次郎:ジロウ
健一:ケンイチ 正男:マサオ 秀夫:ヒデオ 昭二:ショウジ 勝利:カツトシ 博之:ヒロユキ 信夫:ノブオ 武雄:タケオ
達夫:タツオ 光男:ミツオ 俊夫:トシオ 良雄:ヨシオ 孝:タカシ 明男:アキオ 政男:マサオ 秀雄:ヒデオ
正義:マサヨシ 和男:カズオ 康夫:ヤスオ 文雄:フミオ 治:オサム 勝男:カツオ 邦夫:クニオ 賢一:ケンイチ
敏夫:トシオ 正一:ショウイチ 昭男:アキオ 清一:セイイチ 辰男:タツオ 重雄:シゲオ 久雄:ヒサオ 常雄:ツネオ
喜一:キイチ 孝雄:タカオ 利夫:トシオ 義男:ヨシオ 富雄:トミオ 英夫:ヒデオ 正之:マサユキ 和彦:カズヒコ
弘之:ヒロユキ 隆夫:タカオ 哲夫:テツオ 健二:ケンジ 誠一:セイイチ 勝也:カツヤ 守:マモル 悟:サトル
昇:ノボル 貞夫:サダオ 晃:アキラ 敏男:トシオ
`);

/** About 80 female given names common among women born 1925–1960. */
export const FEMALE_GIVEN_NAMES: readonly NamePart[] = parts(`
和子:カズコ 幸子:サチコ 節子:セツコ 洋子:ヨウコ 恵子:ケイコ 京子:キョウコ 久子:ヒサコ 美代子:ミヨコ
千代子:チヨコ 静子:シズコ 文子:フミコ 光子:ミツコ 昭子:アキコ 弘子:ヒロコ 信子:ノブコ 正子:マサコ
敏子:トシコ 悦子:エツコ 孝子:タカコ 良子:ヨシコ 貞子:サダコ 君子:キミコ 春子:ハルコ 秋子:アキコ
清子:キヨコ 房子:フサコ 初子:ハツコ 千鶴子:チヅコ 富子:トミコ 美智子:ミチコ 勝子:カツコ 登美子:トミコ
照子:テルコ 八重子:ヤエコ 芳子:ヨシコ 澄子:スミコ 喜美子:キミコ 絹子:キヌコ 花子:ハナコ 愛子:アイコ
典子:ノリコ 道子:ミチコ 智子:トモコ 順子:ジュンコ 裕子:ユウコ 由美子:ユミコ 美恵子:ミエコ 紀子:ノリコ
栄子:エイコ 邦子:クニコ 綾子:アヤコ 和代:カズヨ 千代:チヨ 久江:ヒサエ 幸江:ユキエ 静江:シズエ
ハル:ハル トミ:トミ ヨシ:ヨシ キヨ:キヨ ミツ:ミツ ハナ:ハナ フミ:フミ ウメ:ウメ
マツ:マツ タケ:タケ キク:キク テル:テル ツル:ツル 雪子:ユキコ 米子:ヨネコ 美津子:ミツコ
英子:エイコ 陽子:ヨウコ 弥生:ヤヨイ 明美:アケミ 美佐子:ミサコ 寿美子:スミコ 百合子:ユリコ 時子:トキコ
`);

/** Given names for staff and physicians (people of working age). */
export const WORKING_AGE_GIVEN_NAMES: readonly NamePart[] = parts(`
直樹:ナオキ 大輔:ダイスケ 拓也:タクヤ 健太:ケンタ 亮:リョウ 和也:カズヤ 剛:ツヨシ 聡:サトシ
浩二:コウジ 雅之:マサユキ 真一:シンイチ 洋平:ヨウヘイ 美穂:ミホ 恵美:エミ 由香:ユカ 久美子:クミコ
真由美:マユミ 直子:ナオコ 麻衣:マイ 彩:アヤ 香織:カオリ 智美:トモミ 理恵:リエ 沙織:サオリ
`);

/**
 * Full names (family + given, no space) that belong to well-known public figures. The generator redraws the
 * given name when a combination lands on one of these.
 */
export const FAMOUS_NAME_BLOCKLIST: ReadonlySet<string> = new Set([
  '吉田茂', '田中角栄', '佐藤栄作', '石原慎太郎', '石原裕次郎', '長嶋茂雄', '小池百合子', '山田花子', '竹下登',
  '本田宗一郎', '松下幸之助', '中川一郎', '森光子', '小野洋子', '山下清', '吉田正', '小島功', '石破茂',
  '鈴木一郎', '鳩山一郎', '岸信介', '福田赳夫', '大平正芳', '宮沢喜一', '村山富市', '小渕恵三', '橋本龍太郎',
  '安倍晋三', '麻生太郎', '菅義偉', '岸田文雄', '野田佳彦', '小泉純一郎', '森喜朗', '海部俊樹', '鈴木善幸',
  '坂本九', '渥美清', '高倉健', '加山雄三', '北島三郎', '美空ひばり', '吉永小百合', '山口百恵', '黒柳徹子',
  '松本清張', '井上靖', '遠藤周作', '野口英世', '田中絹代', '長谷川町子', '向田邦子', '樋口一葉', '王貞治',
  '中村勘三郎', '藤田まこと', '植木等', '小林旭', '石井好子', '服部良一', '古関裕而', '森繁久彌', '三浦友和',
  '菅原文太', '小林幸子', '和田アキ子', '松田聖子', '中島みゆき', '田中邦衛', '山本五十六', '大野伴睦',
]);

/** Joins a family and given name the way the 被保険者証 prints them: a full-width space between. */
export function joinName(family: NamePart, given: NamePart): { name: string; nameKana: string } {
  return { name: `${family.kanji}\u3000${given.kanji}`, nameKana: `${family.kana}\u3000${given.kana}` };
}

export function isFamousName(family: NamePart, given: NamePart): boolean {
  return FAMOUS_NAME_BLOCKLIST.has(family.kanji + given.kanji);
}
