// The UI hides what the API would refuse, by asking the same permission table (src/domain/permissions.ts).
import { useParams } from 'react-router-dom';
import { can, type Capability } from '../../domain/permissions.js';
import type { Member } from '../../domain/roles.js';
import type { Me, MyWorkspace } from '../../contract/users.js';
import { useMe } from './session-context.js';

export function memberIn(me: Me, workspace: MyWorkspace | undefined): Member {
  return {
    userId: me.user.id,
    isSuperAdmin: me.user.is_super_admin,
    membership: workspace?.role ? { role: workspace.role, isModerator: workspace.is_moderator } : null,
  };
}

/** The strongest membership anywhere: diagnostics are allowed to an admin of any workspace. */
export function strongestMember(me: Me): Member {
  const admin = me.workspaces.find((w) => w.role === 'admin');
  return memberIn(me, admin ?? me.workspaces[0]);
}

export function useCurrentWorkspace(): MyWorkspace | undefined {
  const { slug } = useParams();
  const me = useMe();
  return me.workspaces.find((w) => w.slug === slug);
}

/**
 * May the signed-in user do this in the current workspace? With `ownerId` the "own"/"not own" cells
 * are decided too; without it they answer true (the API decides on the loaded item).
 */
export function useCan(): (capability: Capability, ownerId?: string) => boolean {
  const me = useMe();
  const workspace = useCurrentWorkspace();
  const member = memberIn(me, workspace);
  return (capability, ownerId) => can(member, capability, ownerId === undefined ? {} : { ownerId }).allowed;
}
