import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import { type CborValue, encodeCbor } from './cbor.js';

/**
 * A platform passkey in software: makes `none`-attestation registrations and ES256 assertions exactly as
 * a browser hands them to a relying party (the JSON of @simplewebauthn/browser), with user presence and
 * verification flags set and a counter that moves forward. No browser in the loop.
 */
export class SoftwarePasskey {
  readonly credentialId = randomBytes(16);
  private readonly privateKey: KeyObject;
  private readonly publicJwk: { x: string; y: string };
  private counter = 0;
  /** The user handle the relying party chose at registration, returned by every assertion. */
  userHandle?: string;

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = privateKey;
    this.publicJwk = publicKey.export({ format: 'jwk' }) as { x: string; y: string };
  }

  get id(): string {
    return this.credentialId.toString('base64url');
  }

  /** The response to `navigator.credentials.create()` for these options. */
  register(options: { challenge: string; rp: { id?: string }; user: { id: string } }, origin: string) {
    this.userHandle = options.user.id;
    const clientDataJSON = clientData('webauthn.create', options.challenge, origin);
    const coseKey = new Map<number, number | Uint8Array>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, Buffer.from(this.publicJwk.x, 'base64url')],
      [-3, Buffer.from(this.publicJwk.y, 'base64url')],
    ]);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const attestedCredential = Buffer.concat([Buffer.alloc(16) /* AAGUID: none */, idLength, this.credentialId, encodeCbor(coseKey)]);
    const authData = Buffer.concat([this.authenticatorData(rpIdOf(options.rp.id, origin), FLAGS.UP | FLAGS.UV | FLAGS.AT), attestedCredential]);
    const attestationObject = encodeCbor(new Map<string, CborValue>([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]));
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key' as const,
      response: { clientDataJSON: clientDataJSON.toString('base64url'), attestationObject: attestationObject.toString('base64url'), transports: ['internal'] },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform' as const,
    };
  }

  /** The response to `navigator.credentials.get()` for these options. */
  assert(options: { challenge: string; rpId?: string }, origin: string) {
    const clientDataJSON = clientData('webauthn.get', options.challenge, origin);
    const authenticatorData = this.authenticatorData(rpIdOf(options.rpId, origin), FLAGS.UP | FLAGS.UV);
    const signature = sign('sha256', Buffer.concat([authenticatorData, sha256(clientDataJSON)]), this.privateKey);
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key' as const,
      response: {
        clientDataJSON: clientDataJSON.toString('base64url'),
        authenticatorData: authenticatorData.toString('base64url'),
        signature: signature.toString('base64url'),
        userHandle: this.userHandle,
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform' as const,
    };
  }

  private authenticatorData(rpId: string, flags: number): Buffer {
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(++this.counter);
    return Buffer.concat([sha256(Buffer.from(rpId)), Buffer.from([flags]), counter]);
  }
}

const FLAGS = { UP: 0x01, UV: 0x04, AT: 0x40 } as const;

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest();

const clientData = (type: string, challenge: string, origin: string) => Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));

const rpIdOf = (rpId: string | undefined, origin: string) => rpId ?? new URL(origin).hostname;
