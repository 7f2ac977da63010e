import { describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type Provider from 'oidc-provider';
import { loadConfig } from '../config/load-config.js';
import type { OidcProviderFactory } from './oidc-provider.factory.js';
import { ProviderHolder } from './provider-holder.js';
import type { SigningKeySet, SigningKeysService } from './signing-keys.service.js';
import { SigningKeysWatcher } from './signing-keys.watcher.js';

const aProvider = (name: string) => ({ name, callback: () => jest.fn() }) as unknown as Provider;
const keysWith = (fingerprint: string): SigningKeySet => ({ keys: [], signingAlgorithms: ['RS256'], fingerprint });

describe(SigningKeysWatcher.name, () => {
  const setUp = (current: () => Promise<SigningKeySet>) => {
    const holder = new ProviderHolder(aProvider('boot'), 'boot-keys');
    const build = jest.fn((keys: SigningKeySet) => aProvider(keys.fingerprint));
    const watcher = new SigningKeysWatcher(loadConfig({}), { current: jest.fn(current) } as unknown as SigningKeysService, { build } as unknown as OidcProviderFactory, holder);
    return { holder, build, watcher };
  };

  it('keeps the provider while the keys are unchanged', async () => {
    const { holder, build, watcher } = setUp(async () => keysWith('boot-keys'));
    await watcher.refresh();
    expect(build).not.toHaveBeenCalled();
    expect(holder.current).toMatchObject({ name: 'boot' });
  });

  it('puts a provider built with the new keys in place when they change', async () => {
    const { holder, watcher } = setUp(async () => keysWith('rotated'));
    await watcher.refresh();
    expect(holder.current).toMatchObject({ name: 'rotated' });
    expect(holder.fingerprint).toBe('rotated');
  });

  it('keeps serving with the provider it has when the keys cannot be read or built with, and says so in the log', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const { holder, watcher } = setUp(async () => {
        throw new Error('database unavailable');
      });
      await expect(watcher.refresh()).resolves.toBeUndefined();
      expect(holder.current).toMatchObject({ name: 'boot' });
      expect(logged).toHaveBeenCalledWith(expect.objectContaining({ event: 'signing_keys.refresh_failed', err: expect.objectContaining({ message: 'database unavailable' }) }));
    } finally {
      logged.mockRestore();
    }
  });

  it('runs one refresh at a time', async () => {
    let release!: () => void;
    const { build, watcher } = setUp(() => new Promise((resolve) => (release = () => resolve(keysWith('rotated')))));
    const both = Promise.all([watcher.refresh(), watcher.refresh()]);
    release();
    await both;
    expect(build).toHaveBeenCalledTimes(1);
  });
});
