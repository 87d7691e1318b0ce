import { describe, expect, it } from 'vitest';
import { makeUpdatePrompt, type UpdatableServiceWorker, type UpdatePromptState } from './update-prompt.ts';

function fakeWorker() {
  const listeners: Record<string, (() => void)[]> = {};
  let skipWaitingMessages = 0;
  const worker: UpdatableServiceWorker = {
    addEventListener(type, listener) {
      (listeners[type] ??= []).push(listener);
    },
    messageSkipWaiting() {
      skipWaitingMessages++;
    },
  };
  return {
    worker,
    fire: (type: 'waiting' | 'controlling') => listeners[type]?.forEach((l) => l()),
    skipWaitingMessages: () => skipWaitingMessages,
  };
}

function setup() {
  const fake = fakeWorker();
  const states: UpdatePromptState[] = [];
  let reloads = 0;
  const prompt = makeUpdatePrompt(fake.worker, () => reloads++, (s) => states.push(s));
  return { ...fake, prompt, states, reloads: () => reloads };
}

describe('makeUpdatePrompt', () => {
  it('shows the prompt when a new worker waits, and only skips waiting when the user accepts', () => {
    const t = setup();
    t.fire('waiting');
    expect(t.prompt.state()).toBe('available');
    expect(t.skipWaitingMessages()).toBe(0);
    t.prompt.accept();
    expect(t.prompt.state()).toBe('activating');
    expect(t.skipWaitingMessages()).toBe(1);
    expect(t.reloads()).toBe(0);
    t.fire('controlling');
    expect(t.reloads()).toBe(1);
    expect(t.states).toEqual(['available', 'activating']);
  });

  it('sends SKIP_WAITING once however often the button is pressed', () => {
    const t = setup();
    t.fire('waiting');
    t.prompt.accept();
    t.prompt.accept();
    expect(t.skipWaitingMessages()).toBe(1);
  });

  it('does not reload when the first install takes control (nothing was waiting)', () => {
    const t = setup();
    t.fire('controlling');
    expect(t.reloads()).toBe(0);
    expect(t.prompt.state()).toBe('none');
  });

  it('ignores accept with no update waiting', () => {
    const t = setup();
    t.prompt.accept();
    expect(t.skipWaitingMessages()).toBe(0);
    expect(t.prompt.state()).toBe('none');
  });

  it('hides on dismiss, and still reloads if another tab activates the update', () => {
    const t = setup();
    t.fire('waiting');
    t.prompt.dismiss();
    expect(t.prompt.state()).toBe('none');
    t.fire('controlling');
    t.fire('controlling');
    expect(t.reloads()).toBe(1);
  });
});
