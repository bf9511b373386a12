import { createHash } from 'node:crypto';

// ---- Merkle tree hash of RFC 6962 (Certificate Transparency), SHA-256 -------------------------------
//
//   MTH({})      = SHA-256()
//   MTH({d0})    = SHA-256(0x00 || d0)
//   MTH(D[n])    = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n]))   k = largest power of two < n
//
// The 0x00/0x01 prefixes keep a leaf from ever passing for an inner node. Chosen over a home-made
// scheme because outsiders have implementations of it in every language, and because it admits
// inclusion proofs of one stream's head later without changing the digest format.

const sha256 = (...parts: readonly Buffer[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

/** The RFC 6962 leaf hash of some bytes. */
export const leafHash = (leaf: Buffer | string): Buffer => sha256(LEAF, typeof leaf === 'string' ? Buffer.from(leaf, 'utf8') : leaf);

/**
 * Root (hex) of the tree over leaf hashes, built bottom-up: pairing left to right and lifting an odd
 * last node unchanged to the next level gives exactly RFC 6962's split at the largest power of two.
 */
export function merkleRootOfLeafHashes(leaves: readonly Buffer[]): string {
  if (leaves.length === 0) return sha256().toString('hex');
  let level = leaves;
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(sha256(NODE, level[i]!, level[i + 1]!));
    if (level.length % 2 === 1) next.push(level[level.length - 1]!);
    level = next;
  }
  return level[0]!.toString('hex');
}

/** Root (hex) of the RFC 6962 tree over the leaves' bytes, in the order given. */
export const merkleRoot = (leaves: readonly (Buffer | string)[]): string => merkleRootOfLeafHashes(leaves.map(leafHash));
