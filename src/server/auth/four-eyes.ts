import { checkFourEyes } from '../../domain/permissions.js';
import type { AuditInput } from '../audit/audit-event.js';
import { ApiError } from '../http/errors.js';
import type { HandlerContext } from '../http/route.js';

type Ctx = Pick<HandlerContext<unknown, unknown, unknown>, 'app' | 'member' | 'ws' | 'audit'>;

export const fourEyesRefused = () =>
  new ApiError(403, 'four_eyes', 'You created or changed this content, so someone else has to approve or reject it (four eyes).');

/**
 * Before an approval or rejection: whoever created or changed the content (`contentEditors`) is
 * refused with 403 `four_eyes`, and the refusal is audited; a super admin passes, and the answer
 * says whether that was a self-approval (recorded in the decision's audit event).
 */
export async function requireFourEyes(ctx: Ctx, contentEditors: readonly string[], resource: AuditInput['resource']): Promise<{ selfApproval: boolean }> {
  const decision = checkFourEyes(ctx.member!, contentEditors);
  if (decision.allowed) return { selfApproval: decision.selfApproval };
  await ctx
    .audit({ action: 'authz.denied', workspaceId: ctx.ws!.workspaceId, resource, after: { reason: decision.reason } })
    .catch((err: unknown) => ctx.app.logger.warn({ err }, 'could not record a refused four-eyes decision'));
  throw fourEyesRefused();
}
