import { IncomingMessage, type OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import type Provider from 'oidc-provider';

/** What the provider answered to a request made in-process. */
export interface InProcessAnswer {
  status: number;
  /** The headers the provider set (lower-case names), as `getHeaders()` gives them. */
  headers: OutgoingHttpHeaders;
  body: Buffer;
}

/**
 * A GET answered by the provider without a network: its Koa app on an unconnected request, made as a
 * client of the issuer's own address would make it (its host; TLS when the issuer is https), so every
 * URL the provider derives from the request is the issuer's.
 */
export async function getInProcess(provider: Provider, path: string): Promise<InProcessAnswer> {
  const issuer = new URL(provider.issuer);
  const socket = new Socket();
  // Koa reads the scheme from the socket before any forwarded header.
  (socket as Socket & { encrypted?: boolean }).encrypted = issuer.protocol === 'https:';
  const req = new IncomingMessage(socket);
  req.method = 'GET';
  req.url = path;
  req.httpVersionMajor = 1;
  req.httpVersionMinor = 1;
  req.headers = { host: issuer.host, accept: 'application/json' };
  req.push(null);
  const res = new ServerResponse(req);
  const chunks: Buffer[] = [];
  const ended = new Promise<void>((resolve) => {
    res.write = ((chunk: string | Uint8Array) => chunks.push(Buffer.from(chunk)) > 0) as ServerResponse['write'];
    res.end = ((chunk?: string | Uint8Array) => {
      if (chunk) chunks.push(Buffer.from(chunk));
      resolve();
      return res;
    }) as ServerResponse['end'];
  });
  await Promise.all([provider.callback()(req, res), ended]);
  return { status: res.statusCode, headers: res.getHeaders(), body: Buffer.concat(chunks) };
}
