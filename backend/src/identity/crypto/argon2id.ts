import { argon2 } from 'node:crypto';

/** Argon2 cost parameters, in the units of RFC 9106 (memory in KiB). */
export interface Argon2Params {
  readonly memoryKiB: number;
  readonly passes: number;
  readonly parallelism: number;
}

/** One argon2id computation; the hasher and the RFC 9106 test go through this same function. */
export interface Argon2idInput {
  readonly password: Uint8Array;
  readonly salt: Uint8Array;
  readonly params: Argon2Params;
  readonly tagLength: number;
  readonly secret?: Uint8Array;
  readonly associatedData?: Uint8Array;
}

/**
 * argon2id on libuv's thread pool. Only the callback form is used: argon2Sync would block the event
 * loop for the whole ~50 ms of a password check and stall every other request of the process.
 */
export const argon2id = (input: Argon2idInput): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    argon2(
      'argon2id',
      {
        message: input.password,
        nonce: input.salt,
        memory: input.params.memoryKiB,
        passes: input.params.passes,
        parallelism: input.params.parallelism,
        tagLength: input.tagLength,
        secret: input.secret,
        associatedData: input.associatedData,
      },
      (err, derived) => (err ? reject(err) : resolve(derived)),
    );
  });
