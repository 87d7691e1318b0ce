import { describe, expect, it } from 'vitest';
import { checkTrustedHtml, checkTrustedScriptUrl, installTrustedTypesPolicy, refuseTrustedScript, TrustedTypesError, type TrustedTypesFactory } from './trusted-types.ts';

const ORIGIN = 'https://tsunagi.example.jp';

describe('checkTrustedHtml', () => {
  it("passes Solid's static templates unchanged: elements, classes, ARIA, comment markers, Japanese text", () => {
    const templates = [
      '<div class=people-list role=list><!></div>',
      '<form class=office-picker><label for=office>事業所</label><select id=office></select><button type=submit>選ぶ',
      '<a href=/people/229011/0000000001 aria-label="利用者の詳細">詳細</a>',
      '<p>オンライン（one = 1 ではなく）: 保存しました</p>',
      '<img src=/icons/favicon-32.png alt="">',
    ];
    for (const html of templates) expect(checkTrustedHtml(html)).toBe(html);
  });

  it('refuses script-capable elements, in any case and with whitespace', () => {
    for (const html of ['<script>alert(1)</script>', '<SCRIPT src=/x.js>', '< script>', '<iframe src=/>', '<object data=x>', '<embed src=x>', '<div></ script>', '<base href=//evil.example>']) {
      expect(() => checkTrustedHtml(html), html).toThrow(TrustedTypesError);
    }
  });

  it('refuses event-handler attributes however the attribute is separated', () => {
    for (const html of ['<img src=x onerror=alert(1)>', '<img src=x\nONERROR = "alert(1)">', '<img/src=x/onerror=alert(1)>', '<img src="x"onerror=alert(1)>', '<a title=">" onclick=x>']) {
      expect(() => checkTrustedHtml(html), html).toThrow('event-handler');
    }
  });

  it('refuses javascript: URLs, also spelled with character references or broken by control characters', () => {
    for (const html of ['<a href="javascript:alert(1)">', '<a href="JaVaScRiPt:x">', '<a href="java\tscript:x">', '<a href="&#106;avascript:x">', '<a href="&#x6A;avascript&colon;x">', '<a href="vbscript:x">']) {
      expect(() => checkTrustedHtml(html), html).toThrow('javascript:');
    }
  });

  it('throws a TypeError, which is what the DOM sink reports to the caller', () => {
    expect(() => checkTrustedHtml('<script>')).toThrow(TypeError);
  });
});

describe('checkTrustedScriptUrl', () => {
  it('passes same-origin URLs, relative or absolute', () => {
    expect(checkTrustedScriptUrl('/sw.js', ORIGIN)).toBe('/sw.js');
    expect(checkTrustedScriptUrl('https://tsunagi.example.jp/assets/card.worker-Ab12.js', ORIGIN)).toBe('https://tsunagi.example.jp/assets/card.worker-Ab12.js');
  });

  it('refuses another origin, another scheme or port, protocol-relative, data: and blob: URLs', () => {
    for (const url of ['https://evil.example/sw.js', 'http://tsunagi.example.jp/sw.js', 'https://tsunagi.example.jp:8443/sw.js', '//evil.example/sw.js', 'data:text/javascript,1', 'javascript:1']) {
      expect(() => checkTrustedScriptUrl(url, ORIGIN), url).toThrow(TrustedTypesError);
    }
  });
});

describe('installTrustedTypesPolicy', () => {
  function fakeFactory(existing: unknown = null) {
    const created: { name: string; rules: Parameters<TrustedTypesFactory['createPolicy']>[1] }[] = [];
    const factory: TrustedTypesFactory = {
      defaultPolicy: existing,
      createPolicy: (name, rules) => {
        created.push({ name, rules });
        return {};
      },
    };
    return { factory, created };
  }

  it('creates the default policy wired to the checks, with script text always refused', () => {
    const { factory, created } = fakeFactory();
    installTrustedTypesPolicy(factory, ORIGIN);
    expect(created.map((c) => c.name)).toEqual(['default']);
    const rules = created[0]!.rules;
    expect(rules.createHTML('<p>こんにちは</p>')).toBe('<p>こんにちは</p>');
    expect(() => rules.createHTML('<img onerror=x>')).toThrow(TrustedTypesError);
    expect(rules.createScriptURL('/sw.js')).toBe('/sw.js');
    expect(() => rules.createScriptURL('https://evil.example/sw.js')).toThrow(TrustedTypesError);
    expect(() => rules.createScript('1 + 1')).toThrow(TrustedTypesError);
    expect(() => refuseTrustedScript('')).toThrow('script text refused');
  });

  it('does nothing without Trusted Types or when a default policy exists already', () => {
    expect(() => installTrustedTypesPolicy(undefined, ORIGIN)).not.toThrow();
    const { factory, created } = fakeFactory({});
    installTrustedTypesPolicy(factory, ORIGIN);
    expect(created).toEqual([]);
  });
});
