import { AsyncLocalStorage } from 'node:async_hooks';
import Provider, { type AdapterPayload } from 'oidc-provider';

/**
 * An artifact as it is written: its payload serialised when it was saved, so a save held back (see
 * `RequestRows.defer`) is what the provider saved, whatever it does with its object afterwards.
 */
export interface PendingSave {
  model: string;
  id: string;
  json: string;
  grantId: string | null;
  uid: string | null;
  userCode: string | null;
  expiresIn: number | null;
}

/**
 * What one provider request has read or written of the provider's storage:
 * - the rows it knows, by model and id (`Model:id`) or uid (`Model#uid:uid`), found or known absent, so
 *   each is read from the database at most once per request and a read after a write is answered by
 *   what was written;
 * - when it holds saves back (`holdsSaves`), the saves it has not written yet: consecutive saves (a
 *   grant's access and refresh tokens) go to the database together, in one statement, before anything
 *   else touches the database and at the latest before the response leaves.
 */
export class RequestRows {
  /** As JSON text, or undefined for a row known absent: each reader parses an object of its own. */
  private readonly known = new Map<string, string | undefined>();
  private readonly pending = new Map<string, PendingSave>();
  private write?: (saves: PendingSave[]) => Promise<void>;

  constructor(readonly holdsSaves: boolean) {}

  static readonly idKey = (model: string, id: string) => `${model}:${id}`;
  static readonly uidKey = (model: string, uid: string) => `${model}#uid:${uid}`;

  has(key: string): boolean {
    return this.known.has(key);
  }

  /**
   * An object of its own, as a read from the database would give (the provider builds its models from
   * what it is given and may change them). Parsing JSON costs less than half a structured clone, and a
   * save has its JSON already.
   */
  get(key: string): AdapterPayload | undefined {
    return parsed(this.known.get(key));
  }

  /** `json`: the payload's JSON text, when the caller has it (a save serialised it for the database). */
  set(key: string, payload: AdapterPayload | undefined, json = payload === undefined ? undefined : JSON.stringify(payload)): void {
    this.known.set(key, json);
  }

  /** Forgets the known rows `matches` selects (what a delete may have removed); `payload()` parses a row only when asked. */
  forget(matches: (key: string, payload: () => AdapterPayload | undefined) => boolean): void {
    for (const [key, json] of this.known) if (matches(key, () => parsed(json))) this.known.delete(key);
  }

  /** Holds a save until the next `flush`; `write` writes all held saves at once. */
  defer(save: PendingSave, write: (saves: PendingSave[]) => Promise<void>): void {
    this.write = write;
    this.pending.set(RequestRows.idKey(save.model, save.id), save);
  }

  /** Writes the held saves, if any. Anything else the request does with the database comes after this. */
  async flush(): Promise<void> {
    if (this.pending.size === 0 || !this.write) return;
    const saves = [...this.pending.values()];
    this.pending.clear();
    await this.write(saves);
  }
}

const requestRows = new AsyncLocalStorage<RequestRows>();
/** Rows of the provider's requests that no `inOneRequest` scope covers, made on their first use. */
const rowsByProviderRequest = new WeakMap<object, RequestRows>();

/**
 * This provider request's rows, or none outside one (the Nest steps call the provider directly): those
 * of the `inOneRequest` scope it runs in, or else those of the provider's own request context
 * (`Provider.ctx`, which its router enters for every route), made when the request first touches the
 * storage. So a request that never does (discovery, JWKS) costs nothing here.
 */
export function rowsOfThisRequest(): RequestRows | undefined {
  const scoped = requestRows.getStore();
  if (scoped) return scoped;
  const ctx = Provider.ctx;
  if (!ctx) return undefined;
  let rows = rowsByProviderRequest.get(ctx);
  if (!rows) rowsByProviderRequest.set(ctx, (rows = new RequestRows(false)));
  return rows;
}

/**
 * Runs `work` (the provider's handling of one request, or part of it) with rows of its own, for what
 * touches the storage before the provider's router enters its request context (the resume's binding
 * check) or must be written before the response leaves. With `holdSaves`, what it saved is written
 * before this resolves, so before the response leaves, even when it failed; a failure to write it then
 * rejects this, after the provider's own error handling. So saves are held only where an outage
 * answers the same either way: JSON endpoints such as the token endpoint, never the authorization
 * endpoint, where the provider sends an outage back to the client by redirect.
 */
export async function inOneRequest<T>(work: () => Promise<T>, options: { holdSaves: boolean } = { holdSaves: false }): Promise<T> {
  const rows = new RequestRows(options.holdSaves);
  return requestRows.run(rows, async () => {
    let result: T;
    try {
      result = await work();
    } catch (error) {
      await rows.flush().catch(() => undefined);
      throw error;
    }
    await rows.flush();
    return result;
  });
}

const parsed = (json: string | undefined): AdapterPayload | undefined => (json === undefined ? undefined : (JSON.parse(json) as AdapterPayload));
