import type { Adapter, AdapterPayload } from 'oidc-provider';

/**
 * oidc-provider's own MemoryAdapter, minus its 1,000-entry LRU cap: under load the cap evicts codes
 * and refresh tokens before they are used, which the bench would count as errors of the provider.
 * Expired entries are dropped when read and swept every few seconds.
 */
interface Entry {
  value: unknown;
  expiresAt: number;
}

const storage = new Map<string, Entry>();
const grantable = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);

const sweeper = setInterval(() => {
  const now = Date.now();
  for (const [key, entry] of storage) if (entry.expiresAt <= now) storage.delete(key);
}, 5_000);
sweeper.unref();

function get<T>(key: string): T | undefined {
  const entry = storage.get(key);
  if (!entry) return undefined;
  if (entry.expiresAt <= Date.now()) {
    storage.delete(key);
    return undefined;
  }
  return entry.value as T;
}

function set(key: string, value: unknown, expiresIn: number | undefined): void {
  storage.set(key, { value, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : Number.POSITIVE_INFINITY });
}

export class UnboundedMemoryAdapter implements Adapter {
  constructor(private readonly model: string) {}

  private key(id: string): string {
    return `${this.model}:${id}`;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    const key = this.key(id);
    if (this.model === 'Session' && payload.uid) set(`sessionUid:${payload.uid}`, id, expiresIn);
    if (grantable.has(this.model) && payload.grantId) {
      const grantKey = `grant:${payload.grantId}`;
      const keys = get<string[]>(grantKey);
      if (keys) keys.push(key);
      else set(grantKey, [key], expiresIn);
    }
    set(key, payload, expiresIn);
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return get<AdapterPayload>(this.key(id));
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const id = get<string>(`sessionUid:${uid}`);
    return id ? this.find(id) : undefined;
  }

  async findByUserCode(): Promise<AdapterPayload | undefined> {
    return undefined;
  }

  async consume(id: string): Promise<void> {
    const payload = get<AdapterPayload>(this.key(id));
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    storage.delete(this.key(id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    const grantKey = `grant:${grantId}`;
    for (const key of get<string[]>(grantKey) ?? []) storage.delete(key);
    storage.delete(grantKey);
  }
}
