import { describe, expect, it } from 'vitest';
import { paperEditHash, parsePaperRoute } from './paper-route.ts';

describe('parsePaperRoute', () => {
  it('reads the new and edit routes', () => {
    expect(parsePaperRoute('#/paper/new')).toEqual({ kind: 'new' });
    expect(parsePaperRoute('#/paper/edit/229029/0000000001')).toEqual({ kind: 'edit', insurerNumber: '229029', insuredNumber: '0000000001' });
    expect(parsePaperRoute(paperEditHash({ insurerNumber: '131016', insuredNumber: '1234567890' }))).toEqual({ kind: 'edit', insurerNumber: '131016', insuredNumber: '1234567890' });
  });

  it('ignores other hashes and malformed numbers', () => {
    expect(parsePaperRoute('#/')).toBeNull();
    expect(parsePaperRoute('#/person/229029/0000000001')).toBeNull();
    expect(parsePaperRoute('#/paper/edit/22902/0000000001')).toBeNull();
    expect(parsePaperRoute('#/paper/edit/229029/00000000012')).toBeNull();
    expect(parsePaperRoute('#/paper/new/')).toBeNull();
  });
});
