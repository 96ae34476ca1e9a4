// Workspace roles, and who the acting user is in one workspace (product.md §1).

export const ROLES = ['author', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export interface Membership {
  role: Role;
  /** Lets an author moderate too (never their own items). */
  isModerator: boolean;
}

/** The acting user as seen from one workspace: `membership` is null when they are not a member of it. */
export interface Member {
  userId: string;
  isSuperAdmin: boolean;
  membership: Membership | null;
}

/** A user who is a member of the workspace in question (the target of a member change). */
export interface WorkspaceMember extends Member {
  membership: Membership;
}
