/**
 * The signed-in user's permissions, by the one table the server decides by too (`@livespace/protocol/policy`). Pure.
 */
import type { PublicUser } from '@livespace/protocol/http';
import { may, type Permission } from '@livespace/protocol/policy';

/** Whether `user` may (`ctx.holds`: it holds the thing acted on); nobody signed in may nothing. */
export function userMay(
  user: Pick<PublicUser, 'role'> | null | undefined,
  permission: Permission,
  ctx?: { holds?: boolean },
): boolean {
  return !!user && may(user.role, permission, ctx);
}
