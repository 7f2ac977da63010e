/**
 * The few CBOR items (RFC 8949) a WebAuthn authenticator writes: unsigned and negative integers, byte
 * and text strings, and maps (COSE keys, the attestation object). Encoding only, canonical lengths.
 */
export type CborValue = number | string | Uint8Array | Map<number | string, CborValue>;

export function encodeCbor(value: CborValue): Buffer {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error('CBOR: only integers are supported');
    return value >= 0 ? head(0, value) : head(1, -1 - value);
  }
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), value]);
  const parts = [head(5, value.size)];
  for (const [key, item] of value) parts.push(encodeCbor(key), encodeCbor(item));
  return Buffer.concat(parts);
}

/** A major type with its argument in the shortest form. */
function head(majorType: number, argument: number): Buffer {
  const type = majorType << 5;
  if (argument < 24) return Buffer.from([type | argument]);
  if (argument < 0x100) return Buffer.from([type | 24, argument]);
  if (argument < 0x10000) {
    const buffer = Buffer.alloc(3);
    buffer[0] = type | 25;
    buffer.writeUInt16BE(argument, 1);
    return buffer;
  }
  if (argument < 0x100000000) {
    const buffer = Buffer.alloc(5);
    buffer[0] = type | 26;
    buffer.writeUInt32BE(argument, 1);
    return buffer;
  }
  throw new Error('CBOR: integer too large');
}
