/** A file's content as base64 (no data: prefix), for the JSON body of the import. */
export async function base64Of(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  // In chunks: String.fromCharCode with one argument per byte overflows the stack on large files.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Offers a downloaded Blob to the user as a file. */
export function saveFile(blob: Blob, fileName: string, document: Document): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // Revoked later: the browser reads the URL after the click handler returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
