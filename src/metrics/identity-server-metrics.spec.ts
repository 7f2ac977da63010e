import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { AuthsignalUnavailableError } from '../authsignal/authsignal.errors.js';
import { DatabaseUnavailableError } from '../database/database.errors.js';
import { TooManyAttemptsError } from '../rate-limit/rate-limit.errors.js';
import { IdentityServerMetrics } from './identity-server-metrics.js';

describe(IdentityServerMetrics.name, () => {
  const metrics = () => {
    const registry = new Registry();
    return { registry, recorder: new IdentityServerMetrics(registry) };
  };

  it('counts a step’s check by how it ended, and lets its result and error through', async () => {
    const { registry, recorder } = metrics();
    await expect(recorder.signInAttempt('password', async () => 'account')).resolves.toBe('account');
    const refused = new Error('Invalid credentials');
    await expect(recorder.signInAttempt('password', async () => Promise.reject(refused))).rejects.toBe(refused);
    await expect(recorder.signInAttempt('password', async () => Promise.reject(new TooManyAttemptsError(60)))).rejects.toThrow(TooManyAttemptsError);
    await expect(recorder.signInAttempt('passkey', async () => Promise.reject(new AuthsignalUnavailableError('validate')))).rejects.toThrow();
    await expect(recorder.signInAttempt('second_factor', async () => Promise.reject(new Error('x', { cause: new DatabaseUnavailableError('query') })))).rejects.toThrow();
    const text = await registry.metrics();
    for (const [method, outcome] of [['password', 'success'], ['password', 'refused'], ['password', 'throttled'], ['passkey', 'unavailable'], ['second_factor', 'unavailable']]) {
      expect(text).toContain(`idp_sign_in_attempts_total{method="${method}",outcome="${outcome}"} 1`);
    }
  });

  it('keeps every label to a bounded set whatever a client or Authsignal sends', async () => {
    const { registry, recorder } = metrics();
    recorder.grant('authorization_code');
    recorder.grant('urn:evil:grant-type-made-up-per-request-123', { error: 'unsupported_grant_type' });
    recorder.grant('refresh_token', { error: 'Invalid Grant <script>' });
    recorder.signedIn(['pwd', 'mfa', 'otp']);
    recorder.signedIn(['pwd', 'x'.repeat(40)]);
    recorder.mfaDecision('challenge', 'CHALLENGE_REQUIRED');
    recorder.mfaDecision('refuse', 'SOMETHING_NEW');
    recorder.mfaDecision('finish', undefined);
    const text = await registry.metrics();
    expect(text).toContain('idp_grants_total{grant_type="authorization_code",outcome="success",error=""} 1');
    expect(text).toContain('idp_grants_total{grant_type="other",outcome="error",error="unsupported_grant_type"} 1');
    expect(text).toContain('idp_grants_total{grant_type="refresh_token",outcome="error",error="other"} 1');
    expect(text).toContain('idp_sign_ins_total{amr="pwd+mfa+otp"} 1');
    expect(text).toContain('idp_sign_ins_total{amr="other"} 1');
    expect(text).toContain('idp_mfa_decisions_total{decision="challenge",state="CHALLENGE_REQUIRED"} 1');
    expect(text).toContain('idp_mfa_decisions_total{decision="refuse",state="OTHER"} 1');
    expect(text).toContain('idp_mfa_decisions_total{decision="finish",state="NOT_ASKED"} 1');
    expect(text).not.toMatch(/evil|script/);
  });
});
