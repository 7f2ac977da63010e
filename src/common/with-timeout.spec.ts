import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { withTimeout } from './with-timeout.js';

describe(withTimeout.name, () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('settles as the work does, and leaves no timer behind', async () => {
    jest.useFakeTimers();
    await expect(withTimeout(Promise.resolve('done'), 1_000, () => new Error('late'))).resolves.toBe('done');
    await expect(withTimeout(Promise.reject(new Error('refused')), 1_000, () => new Error('late'))).rejects.toThrow('refused');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('rejects with the given error when the work does not settle in time', async () => {
    jest.useFakeTimers();
    const raced = withTimeout(new Promise(() => undefined), 1_000, () => new Error('late'));
    jest.advanceTimersByTime(1_000);
    await expect(raced).rejects.toThrow('late');
  });
});
