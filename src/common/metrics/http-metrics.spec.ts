import { describe, expect, it } from '@jest/globals';
import type { Request } from 'express';
import { Registry } from 'prom-client';
import { HttpMetrics } from './http-metrics.js';

const aRequest = (overrides: Partial<Request> = {}) => ({ method: 'GET', baseUrl: '', ...overrides }) as Request;

describe(HttpMetrics.name, () => {
  const metrics = () => {
    const registry = new Registry();
    return { registry, http: new HttpMetrics(registry) };
  };

  it('labels a request by the route pattern that matched, a name given to it, or what answered it', () => {
    const { http } = metrics();
    expect(http.routeOf(aRequest({ route: { path: '/interaction/:uid/login' } }), 303)).toBe('/interaction/:uid/login');
    expect(http.routeOf(aRequest({ baseUrl: '/api', route: { path: '/items/:id' } }), 200)).toBe('/api/items/:id');
    const named = aRequest();
    http.nameRoute(named, 'oidc:token');
    expect(http.routeOf(named, 400)).toBe('oidc:token');
    // Nest's catch-all for paths no controller has is no route of ours.
    expect(http.routeOf(aRequest({ route: { path: '{/*splat}' } }), 404)).toBe('(unmatched)');
    expect(http.routeOf(aRequest(), 404)).toBe('(unmatched)');
    expect(http.routeOf(aRequest(), 200)).toBe('(static)');
    expect(http.routeOf(aRequest(), 400)).toBe('(refused)');
  });

  it('adds no series for what a client makes up: methods outside HTTP’s are OTHER', async () => {
    const { registry, http } = metrics();
    http.observeRequest({ route: '(unmatched)', method: 'FOO\u0000BAR', status: 404, seconds: 0.01 });
    http.observeRequest({ route: '(unmatched)', method: 'PROPFIND', status: 404, seconds: 0.01 });
    http.observeRequest({ route: '/health', method: 'GET', status: 200, seconds: 0.002 });
    const text = await registry.metrics();
    expect(text).toContain('http_request_duration_seconds_count{route="(unmatched)",method="OTHER",status="404"} 2');
    expect(text).toContain('http_request_duration_seconds_count{route="/health",method="GET",status="200"} 1');
    expect(text).not.toContain('FOO');
  });
});
