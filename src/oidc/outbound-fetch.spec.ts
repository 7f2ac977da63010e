import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { registeredUrlsOnly } from './outbound-fetch.js';

describe(registeredUrlsOnly.name, () => {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it('calls a registered URL without the provider’s guard against private addresses, keeping its timeout', async () => {
    const fetched = jest.fn<typeof fetch>().mockResolvedValue(new Response('{}'));
    globalThis.fetch = fetched;
    const signal = AbortSignal.timeout(2_500);
    await registeredUrlsOnly(['http://10.0.0.7:8080/logout'])('http://10.0.0.7:8080/logout', { method: 'POST', signal, dispatcher: { guard: true } } as RequestInit);

    const [url, options] = fetched.mock.calls[0];
    expect(String(url)).toBe('http://10.0.0.7:8080/logout');
    expect(options).toEqual({ method: 'POST', signal });
  });

  it('refuses any URL nobody registered, without calling it', async () => {
    const fetched = jest.fn<typeof fetch>();
    globalThis.fetch = fetched;
    const outbound = registeredUrlsOnly(['https://app.example/logout']);

    await expect(outbound('http://169.254.169.254/latest/meta-data/')).rejects.toThrow('is not a URL registered for any client');
    await expect(outbound('https://app.example/logout?x=1')).rejects.toThrow();
    expect(fetched).not.toHaveBeenCalled();
  });
});
