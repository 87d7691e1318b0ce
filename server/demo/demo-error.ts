/** The typed error of the demo generator and its command line: a stable code plus Japanese and English text. */

export type DemoErrorCode = 'DEMO_INVALID_OPTIONS' | 'DEMO_INVALID_ARGUMENT';

const MESSAGES: Record<DemoErrorCode, { ja: string; en: string }> = {
  DEMO_INVALID_OPTIONS: { ja: 'デモデータの生成条件が正しくありません', en: 'Invalid demo data options' },
  DEMO_INVALID_ARGUMENT: { ja: 'コマンドの引数が正しくありません', en: 'Invalid command-line argument' },
};

export class DemoDataError extends Error {
  readonly code: DemoErrorCode;
  readonly messageJa: string;
  readonly messageEn: string;

  constructor(code: DemoErrorCode, detail: string) {
    const text = MESSAGES[code];
    super(`${text.en}: ${detail}`);
    this.name = 'DemoDataError';
    this.code = code;
    this.messageJa = `${text.ja}: ${detail}`;
    this.messageEn = `${text.en}: ${detail}`;
  }
}
