import { describe, expect, it } from '@jest/globals';
import { appendToken } from './redirect-url.js';

describe('appendToken', () => {
  it('adds a query when there is none', () => {
    expect(appendToken('http://localhost:5001/callback', 'a.b.c')).toBe('http://localhost:5001/callback?token=a.b.c');
  });

  it('appends with & to an existing query, which stays as it was', () => {
    expect(appendToken('https://id.example.com/cb?kc_client_id=x%20y&step=2', 't')).toBe(
      'https://id.example.com/cb?kc_client_id=x%20y&step=2&token=t',
    );
  });

  it('keeps the fragment last', () => {
    expect(appendToken('http://localhost/cb?a=1#done', 't')).toBe('http://localhost/cb?a=1&token=t#done');
  });

  it('does not double a trailing separator', () => {
    expect(appendToken('http://localhost/cb?', 't')).toBe('http://localhost/cb?token=t');
    expect(appendToken('http://localhost/cb?a=1&', 't')).toBe('http://localhost/cb?a=1&token=t');
  });
});
