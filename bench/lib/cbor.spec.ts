import { describe, expect, it } from '@jest/globals';
import { encodeCbor } from './cbor.js';

// Expected bytes from RFC 8949, Appendix A.
const hex = (value: Parameters<typeof encodeCbor>[0]) => encodeCbor(value).toString('hex');

describe('encodeCbor', () => {
  it('encodes integers in their shortest form', () => {
    expect(hex(0)).toBe('00');
    expect(hex(23)).toBe('17');
    expect(hex(24)).toBe('1818');
    expect(hex(1000)).toBe('1903e8');
    expect(hex(1000000)).toBe('1a000f4240');
    expect(hex(-1)).toBe('20');
    expect(hex(-7)).toBe('26');
    expect(hex(-1000)).toBe('3903e7');
  });

  it('encodes text and byte strings', () => {
    expect(hex('')).toBe('60');
    expect(hex('IETF')).toBe('6449455446');
    expect(hex(new Uint8Array([1, 2, 3, 4]))).toBe('4401020304');
  });

  it('encodes maps in insertion order', () => {
    expect(hex(new Map([[1, 2], [3, 4]]))).toBe('a201020304');
    expect(hex(new Map<string, string | Map<string, string>>([['fmt', 'none'], ['attStmt', new Map()]]))).toBe('a263666d74646e6f6e656761747453746d74a0');
  });
});
