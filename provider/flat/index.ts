export * from "./provider";
export { OrganizationUser } from "./organizationUser";
export type { OrganizationUserArgs, OnDelete } from "./organizationUser";
export { OrganizationInvitation } from "./organizationInvitation";
export type { OrganizationInvitationArgs } from "./organizationInvitation";
export { LtiCredentials } from "./ltiCredentials";
export type { LtiCredentialsArgs } from "./ltiCredentials";
export * from "./models";
