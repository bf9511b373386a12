// ---- What a file is, by its first bytes: the declared Content-Type is the client's claim only ----

/** The media types the blob store accepts, each known by its signature at the start of the file. */
export const BLOB_MEDIA_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export type BlobMediaType = (typeof BLOB_MEDIA_TYPES)[number];

const SIGNATURES: readonly { readonly mediaType: BlobMediaType; readonly magic: Buffer }[] = [
  { mediaType: 'image/jpeg', magic: Buffer.from([0xff, 0xd8, 0xff]) },
  { mediaType: 'image/png', magic: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { mediaType: 'application/pdf', magic: Buffer.from('%PDF-', 'latin1') },
];

/** Bytes enough to recognise any accepted type. */
export const SNIFF_BYTES = Math.max(...SIGNATURES.map((s) => s.magic.length));

/** The accepted type whose signature `head` starts with, or null. */
export const sniffMediaType = (head: Uint8Array): BlobMediaType | null =>
  SIGNATURES.find((s) => head.length >= s.magic.length && Buffer.from(head.buffer, head.byteOffset, s.magic.length).equals(s.magic))?.mediaType ?? null;

/** `image/PNG; charset=x` → `image/png`; null when absent. */
export const essenceOf = (contentType: string | undefined): string | null => {
  const essence = contentType?.split(';')[0]?.trim().toLowerCase();
  return essence ? essence : null;
};

export const isBlobMediaType = (value: string | null): value is BlobMediaType => (BLOB_MEDIA_TYPES as readonly string[]).includes(value ?? '');

/** File name extension for Content-Disposition. */
export const extensionOf = (mediaType: BlobMediaType): string => ({ 'image/jpeg': 'jpg', 'image/png': 'png', 'application/pdf': 'pdf' })[mediaType];
