import { beforeAll, describe, expect, it } from '@jest/globals';
import { createLocalJWKSet, exportJWK, generateKeyPair, type JWTPayload, type JWTVerifyGetKey, SignJWT } from 'jose';
import { BACKCHANNEL_LOGOUT_EVENT, LogoutTokenRejectedError, verifyLogoutToken } from './logout-token.js';

const ISSUER = 'https://auth.example.com';
const CLIENT_ID = 'client-app';

describe(verifyLogoutToken.name, () => {
  let issuerKey: CryptoKey;
  let strangerKey: CryptoKey;
  let keys: JWTVerifyGetKey;

  beforeAll(async () => {
    const [issuer, stranger] = await Promise.all([generateKeyPair('RS256'), generateKeyPair('RS256')]);
    issuerKey = issuer.privateKey;
    strangerKey = stranger.privateKey;
    keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(issuer.publicKey)), kid: 'k1', alg: 'RS256' }] });
  });

  const now = () => Math.floor(Date.now() / 1000);
  /** A logout token as the identity server sends it, with `claims` changed (undefined removes one). */
  const aLogoutToken = (claims: JWTPayload = {}, header: { typ?: string; kid?: string; alg?: string } = {}, key: CryptoKey = issuerKey) => {
    const payload: JWTPayload = { iss: ISSUER, aud: CLIENT_ID, iat: now(), exp: now() + 120, jti: 'jti-1', sub: 'user-1', sid: 'op-session-1', events: { [BACKCHANNEL_LOGOUT_EVENT]: {} }, ...claims };
    for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
    return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: 'logout+jwt', ...header }).sign(key);
  };
  const verify = async (token: string | Promise<string>) => verifyLogoutToken(await token, { issuer: ISSUER, audience: CLIENT_ID, keys, algorithms: ['RS256'] });

  it('accepts a token of the identity server naming a session and a user, and says until when it could be replayed', async () => {
    const notice = await verify(aLogoutToken());
    expect(notice).toEqual({ subject: 'user-1', providerSession: 'op-session-1', tokenId: 'jti-1', replayableUntil: expect.any(Date) });
    expect(notice.replayableUntil.getTime()).toBeGreaterThan(Date.now() + 120_000);
  });

  it('accepts a token naming only the user, or only the session, and an untyped one', async () => {
    expect(await verify(aLogoutToken({ sid: undefined }))).toMatchObject({ subject: 'user-1', providerSession: undefined });
    expect(await verify(aLogoutToken({ sub: undefined }))).toMatchObject({ subject: undefined, providerSession: 'op-session-1' });
    expect(await verify(new SignJWT({ iss: ISSUER, aud: CLIENT_ID, iat: now(), jti: 'j', sid: 's', events: { [BACKCHANNEL_LOGOUT_EVENT]: {} } }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(issuerKey))).toMatchObject({ providerSession: 's' });
  });

  it.each([
    ['signed by another key', () => aLogoutToken({}, {}, strangerKey), /signature verification failed/],
    ['from another issuer', () => aLogoutToken({ iss: 'https://evil.example' }), /"iss"/],
    ['for another client', () => aLogoutToken({ aud: 'another-client' }), /"aud"/],
    ['expired', () => aLogoutToken({ iat: now() - 600, exp: now() - 400 }), /"exp"/],
    ['issued long ago', () => aLogoutToken({ iat: now() - 3_600, exp: undefined }), /"iat"/],
    ['issued in the future', () => aLogoutToken({ iat: now() + 3_600, exp: now() + 3_700 }), /"iat"/],
    ['without events', () => aLogoutToken({ events: undefined }), /"events"/],
    ['with another event', () => aLogoutToken({ events: { 'https://example.com/other': {} } }), /no back-channel logout event/],
    ['whose event is not an object', () => aLogoutToken({ events: { [BACKCHANNEL_LOGOUT_EVENT]: 'yes' } }), /no back-channel logout event/],
    ['with a nonce, like an ID token', () => aLogoutToken({ nonce: 'n-1' }), /nonce/],
    ['naming neither sid nor sub', () => aLogoutToken({ sid: undefined, sub: undefined }), /neither a sid nor a sub/],
    ['without jti', () => aLogoutToken({ jti: undefined }), /"jti"/],
    ['with a sid that is not a string', () => aLogoutToken({ sid: 42 as unknown as string }), /sid is not an identifier/],
    ['with a huge sub', () => aLogoutToken({ sub: 'x'.repeat(10_000) }), /sub is not an identifier/],
    ['typed as something else', () => aLogoutToken({}, { typ: 'JWT' }), /typed JWT/],
  ])('refuses a token %s', async (_case, token, reason) => {
    const refusal = verify(token());
    await expect(refusal).rejects.toThrow(LogoutTokenRejectedError);
    await expect(refusal).rejects.toThrow(reason);
  });

  it('refuses an unsigned token and one signed with an algorithm the identity server does not use', async () => {
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${Buffer.from(JSON.stringify({ iss: ISSUER, aud: CLIENT_ID, iat: now(), jti: 'j', sid: 's', events: { [BACKCHANNEL_LOGOUT_EVENT]: {} } })).toString('base64url')}.`;
    await expect(verify(unsigned)).rejects.toThrow(LogoutTokenRejectedError);
    const hmac = new SignJWT({ iss: ISSUER, aud: CLIENT_ID, iat: now(), jti: 'j', sid: 's', events: { [BACKCHANNEL_LOGOUT_EVENT]: {} } }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('x'.repeat(32)));
    await expect(verify(hmac)).rejects.toThrow(LogoutTokenRejectedError);
    await expect(verify('not.a.jwt')).rejects.toThrow(LogoutTokenRejectedError);
  });

  it('tells a key set that cannot be fetched apart from a bad token', async () => {
    const unreachable: JWTVerifyGetKey = async () => {
      throw new TypeError('fetch failed');
    };
    const refusal = verifyLogoutToken(await aLogoutToken(), { issuer: ISSUER, audience: CLIENT_ID, keys: unreachable, algorithms: ['RS256'] });
    await expect(refusal).rejects.toMatchObject({ keysUnavailable: true });
  });
});
