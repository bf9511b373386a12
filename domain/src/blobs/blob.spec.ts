import { deciderSpec } from '@kuaige/testkit';
import { blob, type BlobEvent } from './blob';

const at = '2026-12-01T08:00:00.000Z';
const content = { blobId: 'a'.repeat(64), mediaType: 'image/png', size: 67, sha256: 'a'.repeat(64), at };
const storedBy = (uploaderId: string): BlobEvent => ({ type: 'BlobStored', data: { ...content, uploaderId } });

describe('blob', () => {
  const given = deciderSpec(blob);
  it('records its first uploader', () => {
    given([]).when({ type: 'StoreBlob', data: { ...content, uploaderId: 'u1' } }).then([storedBy('u1')]);
  });

  it('records each further uploader of the same bytes once', () => {
    given([storedBy('u1')]).when({ type: 'StoreBlob', data: { ...content, uploaderId: 'u1' } }).then([]);
    given([storedBy('u1')]).when({ type: 'StoreBlob', data: { ...content, uploaderId: 'u2' } }).then([storedBy('u2')]);
    given([storedBy('u1'), storedBy('u2')]).when({ type: 'StoreBlob', data: { ...content, uploaderId: 'u2' } }).then([]);
  });
});
