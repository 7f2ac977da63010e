import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeComponent, decodeUtf8, parseForm, queryProblem, type ShapeLimits, shapeProblem, textProblem } from './input-checks.js';

/** Why a request was refused at the edge, for the app to answer in its own format. */
export interface InputRefusal {
  status: 400 | 413 | 415;
  /** Says what was wrong in general terms; never echoes the input. */
  reason: string;
}

/**
 * How a request's body is read:
 * - `parse`: into `req.body` (our own routes, under Nest's validation pipe afterwards);
 * - `raw`: checked, then handed on unparsed as the text in `req.body`, for a library that parses its
 *   own (oidc-provider reads a pre-read body it finds there);
 * - `skip`: left unread.
 */
export type BodyPolicy = { mode: 'parse'; maxBytes: number; shape: ShapeLimits } | { mode: 'raw'; maxBytes: number } | { mode: 'skip' };

/** What the edge needs of a request: Node's, or Express's (which adds `originalUrl`); it sets `body`. */
export type EdgeRequest = IncomingMessage & { originalUrl?: string; body?: unknown };

export interface RequestInputOptions<Req extends EdgeRequest, Res extends ServerResponse> {
  bodyPolicy(req: Req): BodyPolicy;
  refuse(req: Req, res: Res, refusal: InputRefusal): void;
}

/** Connect-style middleware: Express mounts it with `app.use`, and the provider's front door calls it directly. */
export type EdgeMiddleware<Req, Res> = (req: Req, res: Res, next: (error?: unknown) => void) => void;

const FORM = 'application/x-www-form-urlencoded';

/**
 * The edge of an app: every request's path, query string, cookies, Basic credentials and body are
 * checked here, once, before anything else reads them (STYLE.md rule 17). Apps mount it right after
 * their request logger and security headers, and have no other body parser.
 */
export function requestInput<Req extends EdgeRequest, Res extends ServerResponse>(options: RequestInputOptions<Req, Res>): EdgeMiddleware<Req, Res> {
  return (req, res, next) => {
    const refusal = headProblem(req);
    if (refusal) return options.refuse(req, res, refusal);
    const policy = options.bodyPolicy(req);
    if (policy.mode === 'skip' || !hasBody(req)) {
      if (policy.mode === 'parse') req.body = {};
      return next();
    }
    readBody(req, policy).then(
      (problem) => (problem ? options.refuse(req, res, problem) : next()),
      (error: unknown) => next(error),
    );
  };
}

/** The request line and the headers that carry user text into our code: path, query, cookies, Basic credentials. */
function headProblem(req: EdgeRequest): InputRefusal | null {
  const url = req.originalUrl ?? req.url ?? '/';
  const queryStart = url.indexOf('?');
  const path = queryStart < 0 ? url : url.slice(0, queryStart);
  const decodedPath = decodeComponent(path, false);
  if (decodedPath === null) return invalid('the address is not valid percent-encoded UTF-8');
  const pathProblem = textProblem(decodedPath);
  if (pathProblem) return invalid(`the address ${pathProblem}`);
  const problem = (queryStart >= 0 ? queryProblem(url.slice(queryStart + 1)) : null) ?? cookieProblem(req.headers.cookie) ?? basicCredentialsProblem(req.headers.authorization);
  return problem ? invalid(problem) : null;
}

/** Cookie values are percent-decoded by their readers; one that decodes to a NUL would reach the database. */
function cookieProblem(header: string | undefined): string | null {
  if (!header) return null;
  for (const pair of header.split(';')) {
    const value = pair.slice(pair.indexOf('=') + 1).trim();
    // A cookie that is not valid percent-encoding is read as it is, which holds no NUL (the HTTP parser refuses raw NULs).
    const decoded = decodeComponent(value, false) ?? value;
    if (textProblem(decoded)) return 'a cookie holds characters that are not allowed';
  }
  return null;
}

/** `client_secret_basic`: base64 of form-encoded id and secret (RFC 6749 §2.3.1), decoded by the provider. */
function basicCredentialsProblem(header: string | undefined): string | null {
  const match = /^basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = decodeUtf8(Buffer.from(match[1], 'base64'));
  if (decoded === null) return 'the Basic credentials are not valid UTF-8';
  for (const part of decoded.split(':')) {
    if (textProblem(decodeComponent(part, true) ?? part)) return 'the Basic credentials hold characters that are not allowed';
  }
  return null;
}

function hasBody(req: EdgeRequest): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return false;
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/** Reads, decodes and checks the body; returns a refusal, or null once `req.body` is set. */
async function readBody(req: EdgeRequest, policy: Exclude<BodyPolicy, { mode: 'skip' }>): Promise<InputRefusal | null> {
  const type = mediaType(req);
  const isJson = type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
  if (type !== FORM && !isJson) {
    // A library with its own parser answers other types itself; our routes take forms and JSON only.
    return policy.mode === 'raw' ? null : { status: 415, reason: 'the body must be a form or JSON' };
  }
  const charset = /;\s*charset="?([^";]+)"?/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8') return { status: 415, reason: 'the body must be UTF-8' };
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > policy.maxBytes) return tooLarge(policy.maxBytes);
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > policy.maxBytes) return tooLarge(policy.maxBytes);
    chunks.push(chunk);
  }
  const text = decodeUtf8(Buffer.concat(chunks, received));
  if (text === null) return invalid('the body is not valid UTF-8');
  return isJson ? acceptJson(req, text, policy) : acceptForm(req, text, policy);
}

function acceptForm(req: EdgeRequest, text: string, policy: Exclude<BodyPolicy, { mode: 'skip' }>): InputRefusal | null {
  if (policy.mode === 'raw') {
    const problem = queryProblem(text);
    if (problem) return invalid(problem.replace('the query string', 'the form'));
    req.body = text;
    return null;
  }
  const parsed = parseForm(text);
  if ('problem' in parsed) return invalid(parsed.problem);
  req.body = parsed.fields;
  return null;
}

function acceptJson(req: EdgeRequest, text: string, policy: Exclude<BodyPolicy, { mode: 'skip' }>): InputRefusal | null {
  // An empty JSON body is an empty object: the browser SDK posts some calls with no body at all.
  if (text.trim() === '') {
    req.body = policy.mode === 'raw' ? text : {};
    return null;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Malformed, or nested deep enough to exhaust the parser's stack.
    return invalid('the body is not valid JSON');
  }
  const problem = shapeProblem(parsed, policy.mode === 'parse' ? policy.shape : { maxDepth: 32 });
  if (problem) return invalid(problem);
  req.body = policy.mode === 'raw' ? text : parsed;
  return null;
}

function mediaType(req: EdgeRequest): string {
  return (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

const invalid = (reason: string): InputRefusal => ({ status: 400, reason });
const tooLarge = (maxBytes: number): InputRefusal => ({ status: 413, reason: `the body is larger than ${Math.floor(maxBytes / 1024)} KiB` });
