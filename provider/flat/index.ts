export * from "./provider";
export { OrganizationUser } from "./organizationUser.resource";
export type { OrganizationUserArgs, OnDelete } from "./organizationUser";
export { OrganizationUsers } from "./organizationUsers.resource";
export type { OrganizationUsersArgs, OnRemove, UserProfile, UserState } from "./organizationUsers";
export { OrganizationInvitation } from "./organizationInvitation.resource";
export type { OrganizationInvitationArgs } from "./organizationInvitation";
export { LtiCredentials } from "./ltiCredentials.resource";
export type { LtiCredentialsArgs } from "./ltiCredentials";
export { UserAccessToken } from "./userAccessToken.resource";
export { defaultTokenRenewBefore } from "./userAccessToken";
export type { UserAccessTokenArgs } from "./userAccessToken";
export { UserSigninLink } from "./userSigninLink.resource";
export { defaultSigninLinkRenewBefore } from "./userSigninLink";
export type { UserSigninLinkArgs } from "./userSigninLink";
export { LtiConfiguration } from "./ltiConfiguration.resource";
export type { LtiConfigurationArgs, LtiPlatformInfo } from "./ltiConfiguration";
export {
    countOrganizationUsers,
    countOrganizationUsersOutput,
    getCurrentUser,
    getCurrentUserOutput,
    getLtiConfigurations,
    getLtiConfigurationsOutput,
    getLtiCredentials,
    getLtiCredentialsOutput,
    getOrganizationInvitations,
    getOrganizationInvitationsOutput,
    getOrganizationUsers,
    getOrganizationUsersOutput,
} from "./functions";
export type {
    CountOrganizationUsersArgs,
    FlatInvokeOptions,
    GetLtiConfigurationsResult,
    GetLtiCredentialsResult,
    GetOrganizationInvitationsArgs,
    GetOrganizationInvitationsResult,
    GetOrganizationUsersArgs,
    GetOrganizationUsersResult,
    OutputArgs,
} from "./functions";
export * from "./models";
