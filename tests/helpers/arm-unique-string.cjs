// ARM's uniqueString(): its arguments joined with '-', hashed with the 64-bit MurmurHash variant of
// Microsoft's deployment engine (MurmurHash3's x86 128-bit constants, two 32-bit lanes), and the
// hash's 64 bits written as 13 characters of lower-case base-32 (a-z, 2-7). Here so the stand-in `az`
// names resources as Azure would, and tests check the real names' lengths, not an estimate.
// Checked against outputs published from Azure (uniqueString('test') is 'rbgf3xv4ufgzg').
'use strict';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

const rotl = (x, r) => ((x << r) | (x >>> (32 - r))) >>> 0;
const mul = (a, b) => Math.imul(a, b) >>> 0;
/** MurmurHash3's final mix of a 32-bit lane. */
function fmix(h) {
  h = mul(h ^ (h >>> 16), 0x85ebca6b);
  h = mul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
/** `count` (1-4) bytes from `at`, little-endian. */
function word(bytes, at, count) {
  let value = 0;
  for (let i = count - 1; i >= 0; i--) value = ((value << 8) | bytes[at + i]) >>> 0;
  return value;
}
const mixLane1 = (k) => mul(rotl(mul(k, 0x239b961b), 15), 0xab0e9789);
const mixLane2 = (k) => mul(rotl(mul(k, 0xab0e9789), 17), 0x239b961b);

/** @param {...string} values @returns {string} 13 characters */
function uniqueString(...values) {
  if (values.length === 0) throw new Error('uniqueString needs at least one value');
  const bytes = Buffer.from(values.join('-'), 'utf8');
  const length = bytes.length;
  let h1 = 0;
  let h2 = 0;
  let at = 0;
  for (; at + 8 <= length; at += 8) {
    h1 = (mul((rotl((h1 ^ mixLane1(word(bytes, at, 4))) >>> 0, 19) + h2) >>> 0, 5) + 0x561ccd1b) >>> 0;
    h2 = (mul((rotl((h2 ^ mixLane2(word(bytes, at + 4, 4))) >>> 0, 13) + h1) >>> 0, 5) + 0x0bcaa747) >>> 0;
  }
  const left = length - at;
  if (left > 0) h1 = (h1 ^ mixLane1(word(bytes, at, Math.min(left, 4)))) >>> 0;
  if (left > 4) h2 = (h2 ^ mixLane2(word(bytes, at + 4, left - 4))) >>> 0;

  const r0 = (h2 ^ length) >>> 0;
  let r1 = (((h1 ^ length) >>> 0) + r0) >>> 0;
  let r2 = (r0 + r1) >>> 0;
  r1 = fmix(r1);
  r2 = fmix(r2);
  r1 = (r1 + r2) >>> 0;
  r2 = (r2 + r1) >>> 0;

  // 13 characters of 5 bits each: the 64 bits from the top, the last character's low bit 0.
  let hash = (BigInt(r2) << 32n) | BigInt(r1);
  let text = '';
  for (let i = 0; i < 13; i++) {
    text += ALPHABET[Number((hash >> 59n) & 31n)];
    hash = (hash << 5n) & 0xffffffffffffffffn;
  }
  return text;
}

module.exports = { uniqueString };
