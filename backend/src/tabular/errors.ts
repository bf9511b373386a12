/**
 * A file the codecs cannot or will not read (corrupt, hostile, unsupported, too large), or a value they
 * cannot write. `rule` is a stable code for the 4xx body; the message says what to do about it.
 */
export class TabularFileError extends Error {
  /** The request field a caller reports the error against: the uploaded file as a whole. */
  readonly field = 'file';
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'TabularFileError';
  }
}
