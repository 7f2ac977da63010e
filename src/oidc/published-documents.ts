import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { Logger } from '@nestjs/common';
import type Provider from 'oidc-provider';
import { getInProcess } from './in-process-get.js';
import type { ProviderHolder } from './provider-holder.js';

/** OpenID's discovery path; the provider serves it beside OAuth's (`pathFor('discovery')`). */
const OPENID_DISCOVERY_PATH = '/.well-known/openid-configuration';

/**
 * How many ways of addressing the issuer (see `addressingOf`: a port, a proxy's forwarded headers) each
 * document learns. Beyond that, requests go to the provider as before: made-up headers can cost a
 * client this shortcut, never memory.
 */
const MAX_ADDRESSINGS = 8;

interface PublishedDocument {
  /** The provider's name for the route (`discovery`, `jwks`), for the request metrics. */
  route: string;
  headers: HeaderEntries;
  body: Buffer;
  /** Addressings for which the provider gave this very answer. */
  addressings: Set<string>;
}

/** By path, for one provider. `loading` and `unavailable`: every request goes to the provider. */
type Documents = Map<string, PublishedDocument> | 'loading' | 'unavailable';

const logger = new Logger('PublishedDocuments');

/**
 * The provider's discovery documents and JWKS, answered from the bytes the provider itself sent. They
 * change only with the provider (a new one is built when the signing keys change), yet the provider
 * builds and serialises them on every request; relying parties and gateways fetch them often.
 *
 * An answer is reused only where the provider's would be the same: a GET of the exact path, with no
 * query and no `Origin` (the provider echoes it for CORS), over HTTP/1, from an addressing (Host,
 * forwarded host and scheme, TLS: all the provider derives URLs from) for which the provider has been
 * seen to give, byte for byte and header for header, the answer it gives its own issuer URL. Anything
 * else (another host, HEAD, OPTIONS, a query) goes to the provider. A middleware a team adds to the
 * provider is honoured as long as it varies these documents by nothing but the addressing.
 */
export class PublishedDocuments {
  private readonly byProvider = new WeakMap<Provider, Documents>();

  constructor(private readonly holder: ProviderHolder) {
    this.documentsOf(holder.current);
  }

  /**
   * Answers `req` from the current provider's documents, and returns the document's route name; or
   * returns null, leaving the request to the provider (and watching its answer, to learn the request's
   * addressing, when the request asks for a document).
   */
  answer(req: IncomingMessage, res: ServerResponse): string | null {
    if (req.method !== 'GET' || req.headers.origin !== undefined || req.httpVersionMajor !== 1) return null;
    const document = this.documentsOf(this.holder.current)?.get(req.url ?? '');
    if (!document) return null;
    const addressing = addressingOf(req);
    if (!document.addressings.has(addressing)) {
      if (document.addressings.size < MAX_ADDRESSINGS) learnFrom(res, document, addressing);
      return null;
    }
    res.statusCode = 200;
    for (const [name, value] of document.headers) res.setHeader(name, value);
    res.end(document.body);
    return document.route;
  }

  private documentsOf(provider: Provider): Map<string, PublishedDocument> | undefined {
    const documents = this.byProvider.get(provider);
    if (documents === undefined) {
      this.byProvider.set(provider, 'loading');
      void this.load(provider);
      return undefined;
    }
    return typeof documents === 'string' ? undefined : documents;
  }

  /** Asks the provider for each document as a client of the issuer's own address would. */
  private async load(provider: Provider): Promise<void> {
    const routes: Array<[route: string, path: string]> = [
      ['discovery', OPENID_DISCOVERY_PATH],
      ['discovery', provider.pathFor('discovery')],
      ['jwks', provider.pathFor('jwks')],
    ];
    try {
      const documents = new Map<string, PublishedDocument>();
      for (const [route, path] of routes) {
        const answer = await getInProcess(provider, path);
        if (answer.status !== 200) continue;
        documents.set(path, { route, headers: headerEntries(answer.headers), body: answer.body, addressings: new Set() });
      }
      this.byProvider.set(provider, documents);
    } catch (error) {
      // The provider still answers every request itself.
      logger.warn({ event: 'published_documents.unavailable', err: error });
      this.byProvider.set(provider, 'unavailable');
    }
  }
}

/** What the provider builds a request's URLs from (Koa's `protocol` and `host`), as the raw headers it reads them from. */
function addressingOf(req: IncomingMessage): string {
  const { host, 'x-forwarded-host': forwardedHost, 'x-forwarded-proto': forwardedProto } = req.headers;
  const tls = (req.socket as { encrypted?: boolean }).encrypted === true;
  return `${tls ? 'tls' : 'plain'}\n${host ?? ''}\n${forwardedHost ?? ''}\n${String(forwardedProto ?? '')}`;
}

/**
 * Watches the provider's answer to this request: when it is the document's, status, body and headers
 * alike (the headers the front door set before are not the provider's), the addressing gets the
 * document from now on.
 */
function learnFrom(res: ServerResponse, document: PublishedDocument, addressing: string): void {
  const setBefore = new Set(res.getHeaderNames());
  const end = res.end;
  res.end = function (this: ServerResponse, ...args: unknown[]) {
    res.end = end;
    const [chunk] = args;
    // Headers already sent: the answer was written in pieces, not as one document.
    if (!this.headersSent && this.statusCode === 200 && (typeof chunk === 'string' || chunk instanceof Uint8Array)) {
      const headers = headerEntries(this.getHeaders()).filter(([name]) => !setBefore.has(name));
      if (Buffer.from(chunk).equals(document.body) && sameHeaders(headers, document.headers)) document.addressings.add(addressing);
    }
    return (end as (...rest: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse['end'];
}

type HeaderEntries = Array<[name: string, value: string | string[]]>;

function headerEntries(headers: OutgoingHttpHeaders): HeaderEntries {
  return Object.entries(headers)
    .filter((entry): entry is [string, string | number | string[]] => entry[1] !== undefined)
    .map(([name, value]) => [name, Array.isArray(value) ? value : String(value)]);
}

function sameHeaders(left: HeaderEntries, right: HeaderEntries): boolean {
  if (left.length !== right.length) return false;
  const values = new Map(right.map(([name, value]) => [name, JSON.stringify(value)]));
  return left.every(([name, value]) => values.get(name) === JSON.stringify(value));
}
