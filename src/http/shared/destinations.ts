// Which webhook destinations are refused: loopback, private, link-local, unique-local and other
// non-public addresses, by the URL's literal host and by what the host resolves to.
import type { ResolveHost } from "./types.ts";

/** The four bytes of a dotted IPv4 address, or undefined. */
function ipv4Bytes(text: string): number[] | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (match === null) return undefined;
  const bytes = match.slice(1).map(Number);
  return bytes.every((b) => b <= 255) ? bytes : undefined;
}

/** The sixteen bytes of an IPv6 address (brackets and a zone allowed), or undefined. */
function ipv6Bytes(text: string): number[] | undefined {
  let s = text.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (!s.includes(":")) return undefined;
  let tail4: number[] = [];
  if (s.includes(".")) {
    const cut = s.lastIndexOf(":");
    const v4 = ipv4Bytes(s.slice(cut + 1));
    if (v4 === undefined) return undefined;
    tail4 = v4;
    s = `${s.slice(0, cut + 1)}0:0`;
  }
  const halves = s.split("::");
  if (halves.length > 2) return undefined;
  const groups = (part: string | undefined) => (part ? part.split(":") : []);
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (!all.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  const bytes = all.flatMap((g) => {
    const n = Number.parseInt(g, 16);
    return [n >> 8, n & 255];
  });
  if (tail4.length === 4) bytes.splice(12, 4, ...tail4);
  return bytes;
}

/** 0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12, 192.0.0/24, 192.0.2/24, 192.168/16, 198.18/15, 198.51.100/24, 203.0.113/24, 224/4 and above. */
function privateIpv4([a = 0, b = 0, c = 0]: number[]): boolean {
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 0 && (c === 0 || c === 2)) ||
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19)) ||
    (a === 198 && b === 51 && c === 100) ||
    (a === 203 && b === 0 && c === 113) ||
    a >= 224
  );
}

/**
 * ::, ::1 and IPv4-compatible, IPv4-mapped (::ffff:0:0/96), NAT64 (64:ff9b::/96) and 6to4
 * (2002::/16) addresses by the IPv4 address inside; fc00::/7 unique-local, fe80::/10 link-local,
 * fec0::/10 site-local, ff00::/8 multicast, 100::/64 discard, 2001:db8::/32 documentation.
 */
function privateIpv6(bytes: number[]): boolean {
  const zero = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  const [b0 = 0, b1 = 0, b2 = 0, b3 = 0] = bytes;
  if (zero(0, 12)) return privateIpv4(bytes.slice(12));
  if (zero(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return privateIpv4(bytes.slice(12));
  if (b0 === 0 && b1 === 0x64 && b2 === 0xff && b3 === 0x9b && zero(4, 12))
    return privateIpv4(bytes.slice(12));
  if (b0 === 0x20 && b1 === 0x02) return privateIpv4(bytes.slice(2, 6));
  if (b0 === 0x01 && b1 === 0 && zero(2, 8)) return true;
  if (b0 === 0x20 && b1 === 0x01 && b2 === 0x0d && b3 === 0xb8) return true;
  return (b0 & 0xfe) === 0xfc || (b0 === 0xfe && (b1 & 0x80) === 0x80) || b0 === 0xff;
}

/**
 * Whether `address` (an IP literal) is one no public destination has; undefined when it is not an
 * IP address at all.
 */
export function isPrivateAddress(address: string): boolean | undefined {
  const v4 = ipv4Bytes(address);
  if (v4 !== undefined) return privateIpv4(v4);
  const v6 = ipv6Bytes(address);
  return v6 === undefined ? undefined : privateIpv6(v6);
}

/**
 * Why a webhook may not deliver to `url`, or undefined when it may. The host is checked as written
 * (the URL parser has already normalised forms like `http://2130706433/` to 127.0.0.1) and, when
 * the runtime can resolve names (Node), every address it resolves to; `allowPrivate`
 * (WEBHOOK_ALLOW_PRIVATE) lets private destinations through.
 */
export async function destinationRefusal(
  url: string,
  allowPrivate: boolean,
  resolveHost: ResolveHost | undefined,
): Promise<string | undefined> {
  if (allowPrivate) return undefined;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "");
  if (host === "localhost" || host.endsWith(".localhost"))
    return `${host} is this machine (loopback)`;
  const literal = isPrivateAddress(host);
  if (literal !== undefined)
    return literal ? `${host} is a loopback, private or link-local address` : undefined;
  if (resolveHost === undefined) return undefined;
  let addresses: string[];
  try {
    addresses = await resolveHost(host);
  } catch {
    return `${host} does not resolve`;
  }
  if (addresses.length === 0) return `${host} does not resolve`;
  const refused = addresses.find((address) => isPrivateAddress(address) !== false);
  return refused === undefined
    ? undefined
    : `${host} resolves to ${refused}, a loopback, private or link-local address`;
}
