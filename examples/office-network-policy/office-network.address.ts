import { isIPv4, isIPv6 } from 'node:net';

/**
 * IPv4 addresses and networks, as 32-bit unsigned numbers. The client's address reaches a policy as
 * text in several spellings: `10.1.2.3` from a proxy's `X-Forwarded-For`, or `::ffff:10.1.2.3` (an
 * IPv4-mapped IPv6 address) when Node listens on a dual-stack socket. Both must name the same host,
 * while look-alikes (`010.1.2.3`, `10.1.2.3.example.com`, `::10.1.2.3`) must not.
 */

/** The IPv4 address `text` names, dotted-quad or IPv4-mapped IPv6 in any spelling; `null` for anything else. */
export function ipv4Of(text: string): number | null {
  // Node's isIPv4 takes four decimal octets only: no leading zeros (octal to some parsers), no short forms.
  if (isIPv4(text)) return text.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
  // A zone (`fe80::1%eth0`) is never a mapped address, and the URL parser below refuses it.
  if (!isIPv6(text) || text.includes('%')) return null;
  // The URL parser writes IPv6 canonically (RFC 5952), so every spelling of a mapped address
  // (`::ffff:10.1.2.3`, `0:0:0:0:0:ffff:0a01:0203`, upper case) comes out as `::ffff:a01:203`.
  const mapped = /^\[::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})\]$/.exec(new URL(`http://[${text}]`).hostname);
  return mapped ? parseInt(mapped[1], 16) * 0x1_0000 + parseInt(mapped[2], 16) : null;
}

/** An IPv4 network in CIDR notation (`10.0.0.0/8`). */
export class Ipv4Network {
  private constructor(
    private readonly base: number,
    private readonly size: number,
  ) {}

  /** Throws on anything but `a.b.c.d/n` with host bits zero: a typo in the office's networks should fail the boot, not open it wider. */
  static parse(cidr: string): Ipv4Network {
    const [address, prefix, ...rest] = cidr.split('/');
    const base = isIPv4(address) ? ipv4Of(address) : null;
    const length = /^(?:[0-9]|[12][0-9]|3[0-2])$/.test(prefix ?? '') ? Number(prefix) : NaN;
    const size = 2 ** (32 - length);
    if (base === null || Number.isNaN(length) || rest.length > 0 || base % size !== 0) throw new Error(`Not an IPv4 network in CIDR notation: "${cidr}"`);
    return new Ipv4Network(base, size);
  }

  /** Whether the address `text` names lies in this network; text that is no IPv4 address never does. */
  contains(text: string): boolean {
    const address = ipv4Of(text);
    return address !== null && address >= this.base && address < this.base + this.size;
  }
}
