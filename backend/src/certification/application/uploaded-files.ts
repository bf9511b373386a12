import { CertificationRuleViolation } from '@kuaige/domain';
import type { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';
import type { BlobReference, BlobReferences } from '../../blobs/blob-references';

/**
 * Refuses the first file reference that is not a file the applicant uploaded, or not the file it is
 * said to be, naming it as the request does (`photos.1.mediaType`). The decider has checked the
 * declared type and size by then; this asks the blob store about the stored file, as the licence check does.
 */
export const checkUploadedFiles = async (
  blobs: BlobReferences,
  references: readonly BlobReference[],
  field: 'photos' | 'materials',
  applicantId: string,
): Promise<void> => {
  const noun = field === 'photos' ? 'photo' : 'material';
  for (const [i, reference] of references.entries()) {
    const problem = await blobs.problemWith(reference, applicantId);
    if (problem) throw new CertificationRuleViolation(`${noun}-${problem.rule}`, `${field}.${i}.${problem.part}`, problem.message);
  }
};

/**
 * Whether the stream holds this command's events already (a retried request, answered from them).
 * Anything else is decided and its files checked before the stream is touched, whatever state it is
 * in by the time of the append: uploads are never undone, so the check stays true.
 */
export const handledBefore = (events: Awaited<ReturnType<AggregateStreams['load']>>['events'], context: CommandContext): boolean =>
  context.commandId !== undefined && events.some((e) => e.metadata.commandId === context.commandId);
