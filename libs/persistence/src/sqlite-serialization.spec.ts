import { ReadWriteLock } from './sqlite-serialization';

const tick = () => new Promise((r) => setImmediate(r));

describe('ReadWriteLock', () => {
  it('runs shared holders together, an exclusive holder alone, first come first served', async () => {
    const lock = new ReadWriteLock();
    const events: string[] = [];
    const hold = (name: string, exclusive: boolean, release: Promise<void>) =>
      lock.run(exclusive, async () => {
        events.push(`${name}+`);
        await release;
        events.push(`${name}-`);
      });
    let openA!: () => void, openB!: () => void, openX!: () => void, openC!: () => void;
    const a = hold('a', false, new Promise((r) => (openA = r)));
    const b = hold('b', false, new Promise((r) => (openB = r)));
    const x = hold('x', true, new Promise((r) => (openX = r)));
    const c = hold('c', false, new Promise((r) => (openC = r))); // queued behind x, not let in beside a and b
    await tick();
    expect(events).toEqual(['a+', 'b+']);
    openA();
    await tick();
    expect(events).toEqual(['a+', 'b+', 'a-']);
    openB();
    await tick();
    expect(events).toEqual(['a+', 'b+', 'a-', 'b-', 'x+']);
    openX();
    await tick();
    expect(events).toEqual(['a+', 'b+', 'a-', 'b-', 'x+', 'x-', 'c+']);
    openC();
    await Promise.all([a, b, x, c]);
    expect(events.slice(-1)).toEqual(['c-']);
  });

  it('releases after a failure', async () => {
    const lock = new ReadWriteLock();
    await expect(lock.run(true, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(lock.run(true, async () => 'next')).resolves.toBe('next');
    await expect(lock.run(false, async () => 'shared')).resolves.toBe('shared');
  });
});
