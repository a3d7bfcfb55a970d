/**
 * The emulator's own model of Flat: the enums and answer shapes it serves, and the JSON schemas of
 * what it validates in requests, written from Flat's OpenAPI spec v2.24.0 (lengths, enums, formats,
 * required fields). Nothing here comes from the provider's models, so one wrong model cannot be
 * mirrored on both sides; the conformance suites check the emulator's answers against the spec itself.
 * The request schemas are stricter than the spec in a few documented places (unknown body properties
 * are refused, invitation `email` is required and email-shaped, LTI 1.1 configurations need `name`
 * and `lms`) so that a client bug shows up against the emulator instead of against production.
 */
import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

// ---- enums ----

export const organizationRoles = ["user", "teacher", "admin", "accountAdmin"] as const;
export type OrganizationRole = (typeof organizationRoles)[number];

export const invitationRoles = ["admin", "teacher", "accountAdmin"] as const;
export type InvitationRole = (typeof invitationRoles)[number];

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

// ---- answers: the shapes the emulator serves ----

/** `UserDetailsAdmin`, as the organization user endpoints answer it. */
export interface UserAnswer {
    id: string;
    type: "user";
    product: "flat" | "flatEdu";
    username: string;
    printableName: string;
    firstname?: string;
    lastname?: string;
    picture: null;
    organization?: string;
    organizationRole?: OrganizationRole;
    email?: string;
    lastActivityDate?: string;
    license?: { id: string; expirationDate?: string; source?: LicenseSource; mode?: LicenseMode; active: boolean };
    groups: string[];
    isEduTestingStudent: boolean;
}

/** `OrganizationInvitation`. */
export interface InvitationAnswer {
    id: string;
    creationDate: string;
    organization: string;
    organizationRole: InvitationRole;
    customCode: string;
    email: string;
    invitedBy: string;
    htmlUrl: string;
    allowMultipleUse: boolean;
    usedBy: string[];
}

/** `LtiCredentials`; the secret only in the create answer. */
export interface LtiCredentialsAnswer {
    id: string;
    name: string;
    lms: LmsName;
    organization: string;
    creator: string;
    creationDate: string;
    lastUsage?: string;
    consumerKey: string;
    consumerSecret?: string;
    enableEmailMatching: boolean;
}

interface LtiConfigurationBase {
    id: string;
    creationDate: string;
    organizationId: string;
    organizationName?: string;
    creatorId: string;
    lastUsedDate: string | null;
    status?: "ready-to-use" | "in-use" | "incomplete-setup";
}

/** `LtiConfiguration1p1`: the view of a pair of LTI 1.1 credentials. */
export interface LtiConfiguration1p1Answer extends LtiConfigurationBase {
    ltiVersion: "1p1";
    consumerKey: string;
    consumerSecret: string;
    lms: LmsName;
    name: string;
}

/** `LtiConfiguration1p3` with the fields of its three modes. */
export interface LtiConfiguration1p3Answer extends LtiConfigurationBase {
    ltiVersion: "1p3";
    mode: "1p3-manual" | "1p3-deployment" | "1p3-dynamic";
    platformIss?: string;
    platformName?: string;
    clientId?: string;
    deploymentId?: string;
    accessTokenUrl?: string;
    authorizationUrl?: string;
    jwksUrl?: string;
    deploymentMode?: "single" | "multi";
    publicKeysetUrl: string;
    initiateLoginUrl: string;
    redirectUris: string[];
    enableEmailMatching: boolean;
    parentId?: string;
    deploymentKey?: string;
    deploymentBreakdownId?: string;
    registrationToken?: string;
    registrationUrl?: string;
    registrationTokenUsed?: boolean;
    registrationCompletionDate?: string | null;
}

/** The fields of a 1.3 configuration that a request sets. */
export type LtiConfiguration1p3Fields = Partial<
    Pick<
        LtiConfiguration1p3Answer,
        | "platformIss"
        | "platformName"
        | "clientId"
        | "deploymentId"
        | "accessTokenUrl"
        | "authorizationUrl"
        | "jwksUrl"
        | "enableEmailMatching"
        | "deploymentBreakdownId"
    >
>;

/** `ApiAccessToken`. */
export interface AccessTokenAnswer {
    id: string;
    name: string;
    token: string;
    issuedDate: string;
    expirationDate: string;
    scopes: AppScope[];
}

/** `UserSigninLink`. */
export interface SigninLinkAnswer {
    url: string;
    token: string;
    expirationDate: string;
}

// ---- request schemas ----

const ajv = new Ajv({ allErrors: false, coerceTypes: false, strict: true });
addFormats(ajv);
// Query values arrive as strings: this instance turns "25" into 25 and "true" into true.
const queryAjv = new Ajv({ allErrors: false, coerceTypes: true, strict: true });
addFormats(queryAjv);

const str = (extra: object = {}) => ({ type: "string", ...extra });
const strArray = (items: object = { type: "string" }) => ({ type: "array", items });
const limit = { type: "integer", minimum: 1, maximum: 1000 };
const uri = str({ format: "uri" });
const lmsName = { type: "string", enum: [...lmsNames] };

/** Filters shared by `listOrganizationUsers` and `countOrgaUsers`. */
const userFilters = {
    role: strArray({ type: "string", enum: [...organizationRoles] }),
    q: str(),
    group: strArray(),
    noActiveLicense: { type: "boolean" },
    testAccounts: { type: "string", enum: ["exclude", "only"] },
};

export const queryArrayParams = new Set(["role", "group", "licenseExpirationDate"]);

const schemas = {
    meQuery: { type: "object", additionalProperties: false, properties: { onlyId: { type: "boolean" } } },
    // Strict: a parameter an operation does not declare is refused, so a client sending one is caught.
    userListQuery: {
        type: "object",
        additionalProperties: false,
        properties: {
            ...userFilters,
            sort: { type: "string", enum: ["firstname", "lastname", "lastActivityDate", "licenseExpirationDate"] },
            direction: { type: "string", enum: ["asc", "desc"] },
            next: str(),
            previous: str(),
            licenseExpirationDate: strArray(str({ pattern: "^(active|notActive|\\d{4}-\\d{2}-\\d{2}(T.*)?)$" })),
            onlyIds: { type: "boolean" },
            limit,
        },
    },
    userCountQuery: { type: "object", additionalProperties: false, properties: userFilters },
    userDeleteQuery: {
        type: "object",
        additionalProperties: false,
        properties: { convertToIndividual: { type: "boolean" } },
    },
    invitationListQuery: {
        type: "object",
        additionalProperties: false,
        // The spec's invitation filter stops at admin: no accountAdmin here, unlike the user filter.
        properties: {
            role: { type: "string", enum: ["user", "teacher", "admin"] },
            limit,
            next: str(),
            previous: str(),
        },
    },
    userCreation: {
        type: "object",
        required: ["username", "password"],
        additionalProperties: false,
        properties: {
            username: str({ minLength: 1, maxLength: 30 }),
            firstname: str({ maxLength: 60 }),
            lastname: str({ maxLength: 60 }),
            email: str({ format: "email" }),
            password: str({ minLength: 6, maxLength: 1000 }),
            locale: str(),
            role: { type: "string", enum: [...organizationRoles] },
        },
    },
    userAdminUpdate: {
        type: "object",
        additionalProperties: false,
        properties: {
            password: str({ minLength: 6, maxLength: 1000 }),
            organizationRole: { type: "string", enum: [...organizationRoles] },
            username: str({ minLength: 1, maxLength: 30 }),
            firstname: str({ maxLength: 60 }),
            lastname: str({ maxLength: 60 }),
            email: str({ format: "email" }),
        },
    },
    signinLinkCreation: {
        type: "object",
        additionalProperties: false,
        properties: { destinationPath: str({ pattern: "^/" }) },
    },
    accessTokenCreation: {
        type: "object",
        required: ["scopes"],
        additionalProperties: false,
        properties: { scopes: { type: "array", minItems: 1, items: { type: "string", enum: [...appScopes] } } },
    },
    invitationCreation: {
        type: "object",
        required: ["email"],
        additionalProperties: false,
        properties: {
            email: str({ format: "email" }),
            organizationRole: { type: "string", enum: [...invitationRoles] },
        },
    },
    ltiCredentialsCreation: {
        type: "object",
        required: ["name", "lms"],
        additionalProperties: false,
        properties: { name: str({ minLength: 1, maxLength: 300 }), lms: lmsName },
    },
    ltiCreate1p1: {
        type: "object",
        required: ["mode", "name", "lms"],
        additionalProperties: false,
        properties: { mode: str(), name: str({ minLength: 1, maxLength: 300 }), lms: lmsName },
    },
    ltiCreate1p3Dynamic: {
        type: "object",
        required: ["mode"],
        additionalProperties: false,
        properties: {
            mode: str(),
            platformInfo: {
                type: "object",
                additionalProperties: false,
                properties: { name: str(), url: uri },
            },
            locale: str(),
        },
    },
    ltiCreate1p3Deployment: {
        type: "object",
        required: ["mode", "deploymentType", "deploymentId"],
        additionalProperties: false,
        properties: {
            mode: str(),
            deploymentType: str({ minLength: 1 }),
            deploymentId: str({ minLength: 1 }),
            clientId: str(),
            deploymentBreakdownId: str(),
        },
    },
    ltiCreate1p3Manual: {
        type: "object",
        required: ["mode"],
        additionalProperties: false,
        properties: {
            mode: str(),
            platformIss: str(),
            platformName: str(),
            clientId: str(),
            deploymentId: str(),
            accessTokenUrl: uri,
            authorizationUrl: uri,
            jwksUrl: uri,
            enableEmailMatching: { type: "boolean" },
        },
    },
    ltiUpdateDeployment: {
        type: "object",
        additionalProperties: false,
        properties: {
            deploymentId: str({ minLength: 1 }),
            deploymentBreakdownId: str(),
            enableEmailMatching: { type: "boolean" },
        },
    },
    ltiUpdateStandalone: {
        type: "object",
        additionalProperties: false,
        properties: {
            deploymentId: str(),
            platformIss: str(),
            platformName: str(),
            clientId: str(),
            accessTokenUrl: uri,
            authorizationUrl: uri,
            jwksUrl: uri,
            enableEmailMatching: { type: "boolean" },
        },
    },
} as const;

export type FlatSchemaName = keyof typeof schemas;

const compiled = new Map<FlatSchemaName, ValidateFunction>();
function validator(name: FlatSchemaName): ValidateFunction {
    let fn = compiled.get(name);
    if (!fn) {
        fn = (name.endsWith("Query") ? queryAjv : ajv).compile(schemas[name]);
        compiled.set(name, fn);
    }
    return fn;
}

export interface SchemaViolation {
    readonly param: string;
    readonly message: string;
}

/** Names the parameter an ajv error is about: the missing or extra property, or the first path segment. */
function describe(error: ErrorObject, root: string): SchemaViolation {
    const params = error.params as Record<string, unknown>;
    if (error.keyword === "required") {
        const param = String(params.missingProperty);
        return { param, message: `${param} is required` };
    }
    if (error.keyword === "additionalProperties") {
        const param = [...pathSegments(error.instancePath), String(params.additionalProperty)].join(".");
        return { param, message: `${param} is not an allowed property` };
    }
    const segments = pathSegments(error.instancePath).filter((s) => !/^\d+$/.test(s));
    const param = segments.length > 0 ? segments.join(".") : root;
    return { param, message: `${param} ${error.message ?? "is invalid"}` };
}

function pathSegments(instancePath: string): string[] {
    return instancePath.split("/").filter((s) => s !== "");
}

/**
 * Validates `data` (coercing query strings in place for `*Query` schemas) and returns the first
 * violation, or undefined when valid.
 */
export function checkSchema(name: FlatSchemaName, data: unknown): SchemaViolation | undefined {
    const fn = validator(name);
    if (fn(data)) return undefined;
    return describe(fn.errors![0], "body");
}
