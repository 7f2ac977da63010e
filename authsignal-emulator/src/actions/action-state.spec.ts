import { describe, expect, it } from '@jest/globals';
import { defaultTenant } from '../tenants/tenant.config.js';
import { canSucceed, initialState, isValidState, outcomeFor } from './action-state.js';

describe('action state machine', () => {
  it('lets users without authenticators through and applies the outcome to enrolled ones', () => {
    expect(initialState(false, 'CHALLENGE')).toBe('ALLOW');
    expect(initialState(false, 'BLOCK')).toBe('ALLOW');
    expect(initialState(true, 'CHALLENGE')).toBe('CHALLENGE_REQUIRED');
    expect(initialState(true, 'ALLOW')).toBe('ALLOW');
    expect(initialState(true, 'REVIEW')).toBe('REVIEW_REQUIRED');
    expect(initialState(true, 'BLOCK')).toBe('BLOCK');
  });

  it('takes the per-action outcome of the tenant, else its default', () => {
    const tenant = defaultTenant({ actionOutcomes: { transfer: 'BLOCK' } });
    expect(outcomeFor(tenant, 'transfer')).toBe('BLOCK');
    expect(outcomeFor(tenant, 'signIn')).toBe('CHALLENGE');
  });

  it('completes only open actions and validates only succeeded ones', () => {
    expect(['ALLOW', 'CHALLENGE_REQUIRED', 'CHALLENGE_SUCCEEDED'].every((state) => canSucceed(state as never))).toBe(true);
    expect(['BLOCK', 'REVIEW_REQUIRED', 'CHALLENGE_FAILED', 'REVIEW_FAILED'].some((state) => canSucceed(state as never))).toBe(false);
    expect(isValidState('CHALLENGE_SUCCEEDED')).toBe(true);
    expect(isValidState('ALLOW')).toBe(false);
  });
});
