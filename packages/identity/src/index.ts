export { createIdentityService } from './identity-service';
export type { ClientMeta, IdentityDeps, IdentityService } from './identity-service';
export { createMembersService } from './members-service';
export type { MembersDeps, MembersService } from './members-service';
export { identityRoutes } from './identity-routes';
