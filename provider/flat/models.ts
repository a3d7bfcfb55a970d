/**
 * Flat API models used by the organization operations, typed from Flat's OpenAPI spec v2.24.0
 * (`components.schemas`). Names and fields follow the spec; `allOf` chains are flattened.
 */

/** `OrganizationRoles`. */
export const organizationRoles = ["user", "teacher", "admin", "accountAdmin"] as const;
export type OrganizationRole = (typeof organizationRoles)[number];

/** `OrganizationInvitationCreation.organizationRole`: invitations are for staff, never `user`. */
export const invitationRoles = ["admin", "teacher", "accountAdmin"] as const;
export type InvitationRole = (typeof invitationRoles)[number];

/** `LmsName`. */
export const lmsNames = [
    "canvas",
    "moodle",
    "schoology",
    "blackboard",
    "desire2learn",
    "sakai",
    "schoolbox",
    "other",
] as const;
export type LmsName = (typeof lmsNames)[number];

/** `AppScopes`. */
export const appScopes = [
    "account.public_profile",
    "account.email",
    "account.education_profile",
    "scores.readonly",
    "scores.social",
    "scores",
    "collections.readonly",
    "collections.add_scores",
    "collections",
    "notifications.readonly",
    "edu.resources",
    "edu.resources.readonly",
    "edu.classes",
    "edu.classes.readonly",
    "edu.assignments",
    "edu.assignments.readonly",
    "edu.admin",
    "edu.admin.lti",
    "edu.admin.lti.readonly",
    "edu.admin.users",
    "edu.admin.users.readonly",
    "tasks.readonly",
    "omr",
] as const;
export type AppScope = (typeof appScopes)[number];

export type LicenseSource =
    "order" | "trial" | "voucher" | "distributor" | "subscription" | "appStore" | "playStore" | "musicfirst";
export type LicenseMode = "credit" | "site";
export type TutteoProduct = "flat" | "flatEdu" | "msnippet" | "embed";
export type ClassRole = "teacher" | "student";

/** `FlatErrorResponse`. */
export interface FlatErrorResponse {
    code: string;
    message: string;
    id?: string;
    param?: string;
}

/** `UserCreation`, the body of `createOrganizationUser`. */
export interface UserCreation {
    username: string;
    password: string;
    firstname?: string;
    lastname?: string;
    email?: string;
    locale?: string;
    role?: OrganizationRole;
}

/** `UserAdminUpdate`, the body of `updateOrganizationUser`; every field optional. */
export interface UserAdminUpdate {
    password?: string;
    organizationRole?: OrganizationRole;
    username?: string;
    firstname?: string;
    lastname?: string;
    email?: string;
}

/** `UserDetailsAdmin` = `UserBasics` + `UserPublicSummary` + admin extras. */
export interface UserDetailsAdmin {
    id: string;
    type: "user" | "guest";
    product: TutteoProduct;
    username: string;
    printableName?: string;
    firstname?: string;
    lastname?: string;
    name?: string;
    picture: string | null;
    badges?: string[];
    organization?: string;
    organizationRole?: OrganizationRole;
    classRole?: ClassRole;
    htmlUrl?: string;
    email?: string;
    lastActivityDate?: string;
    license?: { id?: string; expirationDate?: string; source?: LicenseSource; mode?: LicenseMode; active?: boolean };
    groups?: string[];
    isEduTestingStudent?: boolean;
}

/** `UserDetails` (`GET /me`), the fields the provider uses. */
export interface UserDetails {
    id: string;
    username: string;
    type?: "user" | "guest";
    product?: TutteoProduct;
    printableName?: string;
    picture?: string | null;
    organization?: string;
    organizationRole?: OrganizationRole;
    locale?: string;
    email?: string;
    [field: string]: unknown;
}

/** Filters of `countOrgaUsers`; the spec gives the count no `licenseExpirationDate`. */
export interface OrganizationUserCountFilter {
    role?: OrganizationRole[];
    q?: string;
    group?: string[];
    noActiveLicense?: boolean;
    testAccounts?: "exclude" | "only";
}
/** Filters of `listOrganizationUsers`. */
export interface OrganizationUserFilter extends OrganizationUserCountFilter {
    licenseExpirationDate?: string[];
}
export interface ListOrganizationUsersParams extends OrganizationUserFilter {
    sort?: "firstname" | "lastname" | "lastActivityDate" | "licenseExpirationDate";
    direction?: "asc" | "desc";
    onlyIds?: boolean;
    limit?: number;
}

/** `OrganizationInvitationCreation`. */
export interface OrganizationInvitationCreation {
    email?: string;
    organizationRole?: InvitationRole;
}

/** `OrganizationInvitation`. */
export interface OrganizationInvitation {
    id?: string;
    creationDate?: string;
    organization: string;
    organizationRole: OrganizationRole;
    customCode: string | null;
    email?: string;
    invitedBy?: string;
    htmlUrl?: string;
    allowMultipleUse: boolean;
    usedBy?: string[];
}

/** `LtiCredentialsCreation`. */
export interface LtiCredentialsCreation {
    name: string;
    lms: LmsName;
}

/** `LtiCredentials`. */
export interface LtiCredentials {
    id?: string;
    name?: string;
    lms?: LmsName;
    organization?: string;
    creator?: string;
    creationDate?: string;
    lastUsage?: string;
    consumerKey?: string;
    consumerSecret?: string;
    enableEmailMatching?: boolean;
}

/** `OrganizationUserAccessTokenCreation`. */
export interface OrganizationUserAccessTokenCreation {
    scopes: AppScope[];
}

/** `ApiAccessToken`. */
export interface ApiAccessToken {
    id?: string;
    name?: string;
    token?: string;
    issuedDate?: string;
    expirationDate?: string;
    scopes?: AppScope[];
}

/** `UserSigninLinkCreation`. */
export interface UserSigninLinkCreation {
    destinationPath?: string;
}

/** `UserSigninLink`. */
export interface UserSigninLink {
    url?: string;
    token?: string;
    expirationDate?: string;
}

export const ltiConfigurationModes = ["1p1-manual", "1p3-manual", "1p3-dynamic", "1p3-deployment"] as const;
export type LtiConfigurationMode = (typeof ltiConfigurationModes)[number];

/** `LtiConfigurationCreate` (oneOf by `mode`). */
export type LtiConfigurationCreate =
    | { mode: "1p1-manual"; name?: string; lms?: string }
    | { mode: "1p3-dynamic"; platformInfo?: { name?: string; url?: string }; locale?: string }
    | {
          mode: "1p3-deployment";
          deploymentType: string;
          deploymentId: string;
          clientId?: string;
          deploymentBreakdownId?: string;
      }
    | {
          mode: "1p3-manual";
          platformIss?: string;
          platformName?: string;
          clientId?: string;
          deploymentId?: string;
          accessTokenUrl?: string;
          authorizationUrl?: string;
          jwksUrl?: string;
          enableEmailMatching?: boolean;
      };

/** `LtiConfigurationUpdate` (anyOf `LtiConfigurationUpdateDeployment`, `LtiConfigurationUpdateStandalone`). */
export interface LtiConfigurationUpdate {
    deploymentId?: string;
    deploymentBreakdownId?: string;
    platformIss?: string;
    platformName?: string;
    clientId?: string;
    accessTokenUrl?: string;
    authorizationUrl?: string;
    jwksUrl?: string;
    enableEmailMatching?: boolean;
}

/** `LtiConfigurationBase`. */
interface LtiConfigurationBase {
    id: string;
    creationDate: string;
    organizationId?: string;
    organizationName?: string;
    creatorId?: string;
    lastUsedDate?: string | null;
    status?: "ready-to-use" | "in-use" | "incomplete-setup";
}

export interface LtiTool {
    product?: string;
    version?: string;
    instanceName?: string;
    instanceGuid?: string;
    instanceContact?: string;
    instanceDomain?: string;
}

/** `LtiConfiguration1p1`. */
export interface LtiConfiguration1p1 extends LtiConfigurationBase {
    ltiVersion: "1p1";
    consumerKey?: string;
    consumerSecret?: string;
    lms?: string;
    name?: string;
    tool?: LtiTool;
}

/** `LtiConfiguration1p3` with the fields of its three modes. */
export interface LtiConfiguration1p3 extends LtiConfigurationBase {
    ltiVersion: "1p3";
    mode?: "1p3-manual" | "1p3-deployment" | "1p3-dynamic";
    platformIss?: string;
    platformName?: string;
    clientId?: string;
    deploymentId?: string;
    accessTokenUrl?: string;
    authorizationUrl?: string;
    jwksUrl?: string;
    deploymentMode?: "single" | "multi";
    supportedServices?: Record<string, unknown>;
    tool?: LtiTool;
    publicKeysetUrl?: string;
    initiateLoginUrl?: string;
    redirectUris?: string[];
    enableEmailMatching?: boolean;
    parentId?: string;
    deploymentKey?: string;
    deploymentBreakdownBy?: string;
    deploymentBreakdownId?: string;
    registrationToken?: string;
    registrationUrl?: string;
    registrationTokenUsed?: boolean;
    registrationCompletionDate?: string | null;
}

/** `LtiConfiguration` (oneOf by `ltiVersion`). */
export type LtiConfiguration = LtiConfiguration1p1 | LtiConfiguration1p3;
