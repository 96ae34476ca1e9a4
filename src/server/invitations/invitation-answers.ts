import { ApiError } from '../http/errors.js';
import type { InvitationStatus } from './invitation-store.js';

const GONE: Record<Exclude<InvitationStatus, 'pending'>, { code: string; message: string }> = {
  expired: { code: 'invitation_expired', message: 'This invitation has expired. Ask a workspace admin for a new one.' },
  revoked: { code: 'invitation_revoked', message: 'This invitation was withdrawn. Ask a workspace admin for a new one.' },
  accepted: { code: 'invitation_used', message: 'This invitation was already accepted. Sign in to continue.' },
};

/** 410 with a code the invitation page turns into a clear sentence. */
export function invitationGone(status: Exclude<InvitationStatus, 'pending'>): ApiError {
  return new ApiError(410, GONE[status].code, GONE[status].message);
}

export const invitationNotFound = () => new ApiError(404, 'not_found', 'This invitation link is not valid.');
