import { describe, expect, it } from '@jest/globals';
import type { ServerResponse } from 'node:http';
import helmet from 'helmet';
import { dataSecurityHeaderList, headersFor, helmetOptions, securityHeaderList, securityHeaderLists } from './security-headers.js';

const OPTIONS = { formActionOrigins: ['https://app.example.com'], connectOrigins: ['https://api.authsignal.com'], hsts: true };

describe(securityHeaderList.name, () => {
  it('is what helmet sets on a response, computed once', () => {
    const set = new Map<string, string>();
    const response = { setHeader: (name: string, value: string) => set.set(name, value), removeHeader: () => undefined };
    helmet(helmetOptions(OPTIONS))({} as never, response as unknown as ServerResponse, () => undefined);
    expect(new Map(securityHeaderList(OPTIONS))).toEqual(set);
  });

  it('has the strict policy: our scripts only, no framing, the allowed form targets', () => {
    const headers = new Map(securityHeaderList(OPTIONS));
    expect(headers.get('Content-Security-Policy')).toBe(
      "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;font-src 'self';connect-src 'self' https://api.authsignal.com;" +
        "form-action 'self' https://app.example.com;frame-ancestors 'none';object-src 'none';base-uri 'none'",
    );
    expect(headers.get('Strict-Transport-Security')).toBe('max-age=31536000; includeSubDomains');
    expect(headers.get('Referrer-Policy')).toBe('same-origin');
    expect(headers.get('X-Frame-Options')).toBe('SAMEORIGIN');
  });

  it('lets named origins frame the pages when asked (the emulator’s pre-built UI)', () => {
    const headers = new Map(securityHeaderList({ embeddableBy: ['http://localhost:5001'], hsts: false }));
    expect(headers.get('Content-Security-Policy')).toContain("frame-ancestors 'self' http://localhost:5001");
    expect(headers.has('X-Frame-Options')).toBe(false);
    expect(headers.has('Strict-Transport-Security')).toBe(false);
  });
});

describe(dataSecurityHeaderList.name, () => {
  it('lets a data answer load nothing, be framed by no one, sniffed by no one, read by no other site', () => {
    expect(new Map(dataSecurityHeaderList(OPTIONS))).toEqual(
      new Map([
        ['Content-Security-Policy', "default-src 'none';frame-ancestors 'none'"],
        ['Cross-Origin-Resource-Policy', 'same-origin'],
        ['X-Content-Type-Options', 'nosniff'],
        ['X-Frame-Options', 'DENY'],
        ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'],
      ]),
    );
    expect(new Map(dataSecurityHeaderList({ hsts: false })).has('Strict-Transport-Security')).toBe(false);
  });
});

describe(headersFor.name, () => {
  const lists = securityHeaderLists(OPTIONS);

  it.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON', 'application/jwk-set+json', 'application/problem+json', 'application/jwt', 'application/token-introspection+jwt'])('treats %s as data', (type) => {
    expect(headersFor(type, lists)).toBe(lists.data);
  });

  it.each([undefined, '', 'text/html; charset=utf-8', 'text/plain', 'application/jsonp', 'application/json-seq', 'image/svg+xml', ['application/json'], 42])('treats %p as a page', (type) => {
    expect(headersFor(type, lists)).toBe(lists.page);
  });
});
