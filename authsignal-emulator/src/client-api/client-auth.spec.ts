import { describe, expect, it } from '@jest/globals';
import { secretFromBasic } from '../server-api/server-auth.middleware.js';
import { tenantIdFromBasic } from './client-auth.js';

describe('Basic authorization parsing', () => {
  it('reads the tenant id the browser SDK sends: btoa(encodeURIComponent(id)), no colon', () => {
    expect(tenantIdFromBasic(`Basic ${Buffer.from(encodeURIComponent('dev-tenant')).toString('base64')}`)).toBe('dev-tenant');
    expect(tenantIdFromBasic(`Basic ${Buffer.from(encodeURIComponent('tenant with spaces')).toString('base64')}`)).toBe('tenant with spaces');
  });

  it('also reads "<tenantId>:" as the docs and the iOS SDK send it', () => {
    expect(tenantIdFromBasic(`Basic ${Buffer.from('dev-tenant:').toString('base64')}`)).toBe('dev-tenant');
  });

  it('gives nothing for other schemes or undecodable ids', () => {
    expect(tenantIdFromBasic(undefined)).toBeUndefined();
    expect(tenantIdFromBasic('Bearer abc')).toBeUndefined();
    expect(tenantIdFromBasic(`Basic ${Buffer.from('%E0%A4%A').toString('base64')}`)).toBeUndefined();
  });

  it('reads the server secret from "<secret>:" (axios auth with an empty password)', () => {
    expect(secretFromBasic(`Basic ${Buffer.from('dev-secret:').toString('base64')}`)).toBe('dev-secret');
    expect(secretFromBasic(`basic ${Buffer.from('dev-secret').toString('base64')}`)).toBe('dev-secret');
    expect(secretFromBasic(`Basic ${Buffer.from(':password').toString('base64')}`)).toBeUndefined();
    expect(secretFromBasic('Basic')).toBeUndefined();
  });
});
