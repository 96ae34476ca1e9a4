import type { AppContext } from '../app-context.js';
import { mailEnabled, sendMail } from '../mail/mailer.js';
import type { WorkspaceDoc } from '../workspaces/workspace-store.js';
import type { InvitationDoc } from './invitation-store.js';

/** The web page that accepts an invitation (src/web: `/invite/:token`). */
export const inviteUrl = (app: AppContext, token: string) => `${app.config.publicOrigin}/invite/${encodeURIComponent(token)}`;

/**
 * Mails the link when SMTP_URL is set; otherwise (or when the mail server refuses) the link is
 * returned so the admin sees it once. The link is never logged (security.md "Logs").
 */
export async function deliverInvitation(
  app: AppContext,
  inv: InvitationDoc,
  workspace: WorkspaceDoc,
  token: string,
): Promise<{ mailed: boolean; invite_url: string | null }> {
  const url = inviteUrl(app, token);
  if (mailEnabled(app)) {
    try {
      await sendMail(app, {
        to: inv.email,
        subject: `Invitation to ${workspace.name} — Message Center`,
        text: `You are invited to the workspace "${workspace.name}" as ${inv.role}.\n\nOpen this link to accept (valid until ${inv.expires_at.toISOString()}):\n${url}\n`,
      });
      app.logger.info({ invitation_id: inv._id.toHexString(), workspace: workspace.slug }, 'invitation mailed');
      return { mailed: true, invite_url: null };
    } catch (err) {
      app.logger.warn({ invitation_id: inv._id.toHexString(), err: err instanceof Error ? err.message : String(err) }, 'invitation mail failed; the link is shown to the admin');
    }
  }
  app.logger.info({ invitation_id: inv._id.toHexString(), workspace: workspace.slug }, 'invitation created; link shown to the admin');
  return { mailed: false, invite_url: url };
}
