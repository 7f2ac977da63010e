import type Provider from 'oidc-provider';

type RequestHandler = ReturnType<Provider['callback']>;

/**
 * The provider that serves now. oidc-provider takes its keys once, at construction, and has no way to
 * change them afterwards (its author's advice: build a new one); so when the signing keys change, a new
 * provider replaces this one whole (`SigningKeysWatcher`). Everything that uses the provider asks the
 * holder at the time of use, never keeps the instance, and the HTTP mount is `callback`, which hands each
 * request to the provider current when it arrives. A request already under way finishes on the old one;
 * both share the database, the cookie keys and the configuration, so a flow may move from one to the other.
 */
export class ProviderHolder {
  private provider: Provider;
  private handler: RequestHandler;
  private keysFingerprint: string;

  constructor(provider: Provider, keysFingerprint: string) {
    this.provider = provider;
    this.handler = provider.callback();
    this.keysFingerprint = keysFingerprint;
  }

  get current(): Provider {
    return this.provider;
  }

  /** The signing keys the current provider was built with (`SigningKeySet.fingerprint`). */
  get fingerprint(): string {
    return this.keysFingerprint;
  }

  /** Mount this once: every request goes to the provider current at that moment. */
  readonly callback: RequestHandler = (req, res) => this.handler(req, res);

  replace(provider: Provider, keysFingerprint: string): void {
    this.handler = provider.callback();
    this.provider = provider;
    this.keysFingerprint = keysFingerprint;
  }
}
