import { createServer } from 'node:net';
import { describe, expect, it, jest } from '@jest/globals';
import { freePort } from './free-port.js';

/** The value of Math.random() that makes freePort pick `port` (its range: 10000 up to the default ephemeral range's start). */
const randomPicking = (port: number) => (port - 10_000 + 0.5) / (32_767 - 10_000 + 1);

describe(freePort.name, () => {
  it('gives a port below the ephemeral range that a server can listen on', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThanOrEqual(10_000);
    expect(port).toBeLessThan(32_768);
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    await new Promise((resolve) => server.close(resolve));
  });

  it('passes over a port that is taken, and tries another', async () => {
    const held = createServer();
    const port = await freePort();
    await new Promise<void>((resolve, reject) => held.once('error', reject).listen(port, '127.0.0.1', resolve));
    const heldPort = (held.address() as { port: number }).port;
    // The first pick lands on the held port, the second on the next one.
    const random = jest.spyOn(Math, 'random').mockReturnValueOnce(randomPicking(heldPort)).mockReturnValueOnce(randomPicking(heldPort + 1));
    try {
      expect(await freePort()).toBe(heldPort + 1);
      expect(random).toHaveBeenCalledTimes(2);
    } finally {
      random.mockRestore();
      await new Promise((resolve) => held.close(resolve));
    }
  });

  it('never gives a port that fetch refuses to connect to (10080, on the Fetch standard\'s blocking list)', async () => {
    const random = jest.spyOn(Math, 'random').mockReturnValueOnce(randomPicking(10_080)).mockReturnValueOnce(randomPicking(10_081));
    try {
      const port = await freePort();
      expect(port).not.toBe(10_080);
      expect(random).toHaveBeenCalledTimes(2);
      // The reason to skip it: fetch refuses the port before any connection is tried.
      await expect(fetch('http://127.0.0.1:10080/')).rejects.toMatchObject({ cause: { message: 'bad port' } });
    } finally {
      random.mockRestore();
    }
  });
});
