import { createHash } from 'node:crypto';
import { leafHash, merkleRoot } from './merkle';

const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
/** RFC 6962 section 2.1, written recursively as the RFC states it. */
const mth = (leaves: Buffer[]): Buffer => {
  if (leaves.length === 0) return sha();
  if (leaves.length === 1) return sha(Buffer.from([0]), leaves[0]!);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha(Buffer.from([1]), mth(leaves.slice(0, k)), mth(leaves.slice(k)));
};

describe('Merkle tree hash (RFC 6962)', () => {
  it('equals the RFC’s recursive definition for every size up to 40', () => {
    const leaves = Array.from({ length: 40 }, (_, i) => Buffer.from(`leaf ${i}`));
    for (let n = 0; n <= 40; n += 1) expect(merkleRoot(leaves.slice(0, n))).toBe(mth(leaves.slice(0, n)).toString('hex'));
  });

  it('hashes the empty tree and a single leaf as the RFC does', () => {
    expect(merkleRoot([])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    // RFC 6962's test vector: the leaf hash of the empty string.
    expect(leafHash('').toString('hex')).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
  });

  it('changes when a leaf is removed, changed or two are swapped', () => {
    const base = merkleRoot(['a', 'b', 'c']);
    expect(new Set([base, merkleRoot(['a', 'b']), merkleRoot(['a', 'b', 'd']), merkleRoot(['a', 'c', 'b'])]).size).toBe(4);
  });
});
