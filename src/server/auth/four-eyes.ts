import { checkFourEyes } from '../../domain/permissions.js';
import type { Member } from '../../domain/roles.js';
import { ApiError } from '../http/errors.js';

/** A workspace route's caller (its membership is known). */
type Ctx = { member: Member };

export const fourEyesRefused = () => new ApiError('four_eyes');

/**
 * Before an approval or rejection: whoever created or changed the content (`contentEditors`) is
 * refused with 403 `four_eyes` (audited by the request chain as `authz.denied`); a super admin
 * passes, and the answer says whether that was a self-approval (recorded in the decision's event).
 */
export function requireFourEyes(ctx: Ctx, contentEditors: readonly string[]): { selfApproval: boolean } {
  const decision = checkFourEyes(ctx.member, contentEditors);
  if (decision.allowed) return { selfApproval: decision.selfApproval };
  throw fourEyesRefused();
}
