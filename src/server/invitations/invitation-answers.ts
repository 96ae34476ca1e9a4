import { ApiError } from '../http/errors.js';
import type { InvitationStatus } from './invitation-store.js';

const GONE = { expired: 'invitation_expired', revoked: 'invitation_revoked', accepted: 'invitation_used' } as const;

/** 410 with a code the invitation page turns into a clear sentence. */
export function invitationGone(status: Exclude<InvitationStatus, 'pending'>): ApiError {
  return new ApiError(GONE[status]);
}

export const invitationNotFound = () => new ApiError('not_found', { reason: 'invitation' });
