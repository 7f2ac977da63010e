import { describe, expect, it } from '@jest/globals';
import { isSameOriginRequest } from './same-origin.js';

const OWN = 'https://auth.example.com';

describe(isSameOriginRequest.name, () => {
  it.each([
    ['Sec-Fetch-Site same-origin', { 'sec-fetch-site': 'same-origin' }],
    ['our Origin', { origin: OWN }],
    ['both, agreeing', { 'sec-fetch-site': 'same-origin', origin: OWN }],
    ['an origin hidden for privacy beside same-origin', { 'sec-fetch-site': 'same-origin', origin: 'null' }],
    ['no browser headers at all (a script)', {}],
  ])('accepts %s', (_case, headers) => {
    expect(isSameOriginRequest(headers, OWN)).toBe(true);
  });

  it.each([
    ['another site', { origin: 'https://evil.example' }],
    ['a sibling subdomain', { origin: 'https://app.example.com' }],
    ['our host over http', { origin: 'http://auth.example.com' }],
    ['an opaque origin alone', { origin: 'null' }],
    ['cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['same-site', { 'sec-fetch-site': 'same-site' }],
    ['none (typed or bookmarked, never a form)', { 'sec-fetch-site': 'none' }],
    ['same-origin claimed with a foreign Origin', { 'sec-fetch-site': 'same-origin', origin: 'https://evil.example' }],
  ])('refuses %s', (_case, headers) => {
    expect(isSameOriginRequest(headers, OWN)).toBe(false);
  });
});
