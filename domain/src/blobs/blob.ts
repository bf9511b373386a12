import type { Command, Decider } from '../event-sourcing/decider';
import type { DomainEvent } from '../event-sourcing/event';

// ---- A stored file (stream `Blob-<blobId>`; the id is the SHA-256 of the bytes) ------------------
// The bytes live in the blob store, never in the event log; the log records who stored them, so that
// reads can be limited to their uploaders and the upload is audited. The same bytes stored by several
// people are one blob with several uploaders; storing them again changes nothing.

export type BlobStored = DomainEvent<'BlobStored', { blobId: string; uploaderId: string; mediaType: string; size: number; sha256: string; at: string }>;
export type BlobEvent = BlobStored;

export type StoreBlob = Command<'StoreBlob', { blobId: string; uploaderId: string; mediaType: string; size: number; sha256: string; at: string }>;
export type BlobCommand = StoreBlob;

export type BlobState =
  | { readonly status: 'absent' }
  | { readonly status: 'stored'; readonly mediaType: string; readonly size: number; readonly sha256: string; readonly uploaderIds: readonly string[] };

export const blob: Decider<BlobCommand, BlobEvent, BlobState> = {
  initialState: () => ({ status: 'absent' }),
  decide: (command, state) => {
    switch (command.type) {
      case 'StoreBlob':
        return state.status === 'stored' && state.uploaderIds.includes(command.data.uploaderId) ? [] : [{ type: 'BlobStored', data: command.data }];
      default: {
        const unreachable: never = command.type;
        return unreachable;
      }
    }
  },
  evolve: (state, event) => {
    const { mediaType, size, sha256, uploaderId } = event.data;
    return state.status === 'stored'
      ? { ...state, uploaderIds: [...state.uploaderIds, uploaderId] }
      : { status: 'stored', mediaType, size, sha256, uploaderIds: [uploaderId] };
  },
};

export const blobStream = (blobId: string): string => `Blob-${blobId}`;
