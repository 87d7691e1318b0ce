import { describe, expect, it } from 'vitest';
import { batchSeqProblem } from './apply-push.ts';

describe('batchSeqProblem', () => {
  it('accepts a run rising by one, from any start', () => {
    expect(batchSeqProblem([{ seq: 7 }])).toBeNull();
    expect(batchSeqProblem([{ seq: 3 }, { seq: 4 }, { seq: 5 }])).toBeNull();
  });

  it('names the first seq out of the run', () => {
    expect(batchSeqProblem([{ seq: 1 }, { seq: 3 }])).toBe('mutations.1.seq: 連番ではありません（1 の次は 2 です）');
    expect(batchSeqProblem([{ seq: 4 }, { seq: 5 }, { seq: 5 }])).toBe('mutations.2.seq: 連番ではありません（5 の次は 6 です）');
    expect(batchSeqProblem([{ seq: 2 }, { seq: 1 }])).toBe('mutations.1.seq: 連番ではありません（2 の次は 3 です）');
  });
});
