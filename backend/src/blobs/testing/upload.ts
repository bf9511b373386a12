// Uploads a file through POST /api/v1/blobs, as a client does before it refers to the file.
import { bearer, type IdentityApp } from '../../identity/testing/identity-app';

/** What a feature's request says of an uploaded file. */
export interface UploadedFile {
  readonly blobId: string;
  readonly mediaType: string;
  readonly size: number;
}

/** Uploads `bytes` as `who`; throws unless the upload was accepted. */
export const upload = async (t: IdentityApp, who: { accessToken: string }, bytes: Buffer, mediaType: string): Promise<UploadedFile> => {
  const res = await t.http().post('/api/v1/blobs').set(bearer(who)).set('content-type', mediaType).send(bytes);
  if (res.status !== 201) throw new Error(`uploading a ${mediaType} file answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { blobId: res.body.blobId, mediaType, size: bytes.length };
};
