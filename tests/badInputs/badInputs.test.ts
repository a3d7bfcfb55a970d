// Invalid inputs for every resource, rejected at `check` — called on each resource's provider
// module as the host calls it — with the property named and, for enums, every allowed value listed,
// and not one API request: check runs for every resource in every preview and must stay offline.
import type * as pulumi from "@pulumi/pulumi";
import { permissionContentLevels, permissionOrganizationLevels } from "../../provider/edubase/client";
import {
    appScopes,
    invitationRoles,
    lmsNames,
    ltiConfigurationModes,
    organizationRoles,
} from "../../provider/flat/models";
import { onDeleteModes } from "../../provider/flat/organizationUser";
import { useEmulator } from "../support/emulator";
import { UNKNOWN_SENTINEL as UNKNOWN } from "../support/secrets";

const providers: Record<string, pulumi.dynamic.ResourceProvider> = {
    OrganizationUser: require("../../provider/flat/organizationUser.provider"),
    OrganizationInvitation: require("../../provider/flat/organizationInvitation.provider"),
    LtiCredentials: require("../../provider/flat/ltiCredentials.provider"),
    LtiConfiguration: require("../../provider/flat/ltiConfiguration.provider"),
    UserAccessToken: require("../../provider/flat/userAccessToken.provider"),
    UserSigninLink: require("../../provider/flat/userSigninLink.provider"),
    OrganizationMember: require("../../provider/edubase/organizationMember.provider"),
    OrganizationMembers: require("../../provider/edubase/organizationMembers.provider"),
    UserOrganizations: require("../../provider/edubase/userOrganizations.provider"),
};

const user = { username: "ada", password: "correct-horse" };
const canvas13 = { mode: "1p3-manual", platformIss: "https://canvas.instructure.com" };
const member = { organization: "ORG_MATH", user: "U_NAGY" };
const long = (n: number) => "x".repeat(n);

interface Case {
    /** What is wrong, as the case's name. */
    what: string;
    resource: keyof typeof providers;
    news: Record<string, unknown>;
    /** The property the failure must name. */
    property: string;
    /** For enums: every value the reason must list. */
    allowed?: readonly string[];
    /** More the reason must say. */
    says?: RegExp;
    /** A value the reason must not echo (passwords). */
    hides?: string;
}

const cases: Case[] = [
    // flat.OrganizationUser
    {
        what: "an unknown role",
        resource: "OrganizationUser",
        news: { ...user, role: "principal" },
        property: "role",
        allowed: organizationRoles,
    },
    {
        what: "a role that is a number",
        resource: "OrganizationUser",
        news: { ...user, role: 5 },
        property: "role",
        allowed: organizationRoles,
        says: /must be a string/,
    },
    {
        what: "an unknown onDelete mode",
        resource: "OrganizationUser",
        news: { ...user, onDelete: "archive" },
        property: "onDelete",
        allowed: onDeleteModes,
    },
    {
        what: "an empty username",
        resource: "OrganizationUser",
        news: { ...user, username: "" },
        property: "username",
        says: /at least 1/,
    },
    {
        what: "a username of 31 characters",
        resource: "OrganizationUser",
        news: { ...user, username: long(31) },
        property: "username",
        says: /at most 30/,
    },
    {
        what: "a missing username",
        resource: "OrganizationUser",
        news: { password: user.password },
        property: "username",
        says: /required/,
    },
    {
        what: "a username that is a number",
        resource: "OrganizationUser",
        news: { ...user, username: 42 },
        property: "username",
        says: /must be a string/,
    },
    {
        what: "a missing password",
        resource: "OrganizationUser",
        news: { username: "ada" },
        property: "password",
        says: /required/,
    },
    {
        what: "a password of 5 characters, not echoed",
        resource: "OrganizationUser",
        news: { ...user, password: "pw123" },
        property: "password",
        says: /at least 6/,
        hides: "pw123",
    },
    {
        what: "an email without a domain",
        resource: "OrganizationUser",
        news: { ...user, email: "ada@" },
        property: "email",
        says: /email address/,
    },
    {
        what: "an email with a space",
        resource: "OrganizationUser",
        news: { ...user, email: "ada lovelace@school.example" },
        property: "email",
        says: /email address/,
    },
    {
        what: "a first name of 61 characters",
        resource: "OrganizationUser",
        news: { ...user, firstname: long(61) },
        property: "firstname",
        says: /at most 60/,
    },
    {
        what: "a last name of 61 characters",
        resource: "OrganizationUser",
        news: { ...user, lastname: long(61) },
        property: "lastname",
        says: /at most 60/,
    },
    {
        what: "a one-letter locale",
        resource: "OrganizationUser",
        news: { ...user, locale: "e" },
        property: "locale",
        says: /at least 2/,
    },
    {
        what: "adoptExisting as a string",
        resource: "OrganizationUser",
        news: { ...user, adoptExisting: "yes" },
        property: "adoptExisting",
        says: /boolean/,
    },
    {
        what: "an unknown username beside a bad role",
        resource: "OrganizationUser",
        news: { ...user, username: UNKNOWN, role: "owner" },
        property: "role",
        allowed: organizationRoles,
    },
    // flat.OrganizationInvitation
    {
        what: "a missing email",
        resource: "OrganizationInvitation",
        news: { role: "teacher" },
        property: "email",
        says: /required/,
    },
    {
        what: "an email without a dot in the domain",
        resource: "OrganizationInvitation",
        news: { email: "it@school" },
        property: "email",
        says: /email address/,
    },
    {
        what: "the student role, which cannot be invited",
        resource: "OrganizationInvitation",
        news: { email: "it@school.example", role: "user" },
        property: "role",
        allowed: invitationRoles,
    },
    {
        what: "an email given as a list",
        resource: "OrganizationInvitation",
        news: { email: ["it@school.example"] },
        property: "email",
        says: /must be a string/,
    },
    {
        what: "an unknown email beside a bad role",
        resource: "OrganizationInvitation",
        news: { email: UNKNOWN, role: "superuser" },
        property: "role",
        allowed: invitationRoles,
    },
    // flat.LtiCredentials
    { what: "a missing name", resource: "LtiCredentials", news: { lms: "canvas" }, property: "name", says: /required/ },
    {
        what: "a missing LMS",
        resource: "LtiCredentials",
        news: { name: "Canvas" },
        property: "lms",
        allowed: lmsNames,
        says: /required/,
    },
    {
        what: "an unknown LMS",
        resource: "LtiCredentials",
        news: { name: "Canvas", lms: "brightspace" },
        property: "lms",
        allowed: lmsNames,
    },
    {
        what: "a name of 301 characters",
        resource: "LtiCredentials",
        news: { name: long(301), lms: "canvas" },
        property: "name",
        says: /at most 300/,
    },
    {
        what: "an unknown name beside a misspelt LMS",
        resource: "LtiCredentials",
        news: { name: UNKNOWN, lms: "canvs" },
        property: "lms",
        allowed: lmsNames,
    },
    // flat.LtiConfiguration, every mode
    {
        what: "a missing mode",
        resource: "LtiConfiguration",
        news: { name: "x" },
        property: "mode",
        allowed: ltiConfigurationModes,
        says: /required/,
    },
    {
        what: "an unknown mode",
        resource: "LtiConfiguration",
        news: { mode: "1p2-manual" },
        property: "mode",
        allowed: ltiConfigurationModes,
    },
    {
        what: "1p1-manual without a name",
        resource: "LtiConfiguration",
        news: { mode: "1p1-manual", lms: "canvas" },
        property: "name",
        says: /required in mode 1p1-manual/,
    },
    {
        what: "1p1-manual without an LMS",
        resource: "LtiConfiguration",
        news: { mode: "1p1-manual", name: "x" },
        property: "lms",
        allowed: lmsNames,
        says: /required in mode 1p1-manual/,
    },
    {
        what: "1p1-manual with an unknown LMS",
        resource: "LtiConfiguration",
        news: { mode: "1p1-manual", name: "x", lms: "d2l" },
        property: "lms",
        allowed: lmsNames,
    },
    {
        what: "1p1-manual with a platform issuer",
        resource: "LtiConfiguration",
        news: { mode: "1p1-manual", name: "x", lms: "canvas", platformIss: "https://canvas.instructure.com" },
        property: "platformIss",
        says: /not an input of mode 1p1-manual; it belongs to 1p3-manual/,
    },
    {
        what: "1p3-manual with an issuer that is no URL",
        resource: "LtiConfiguration",
        news: { ...canvas13, platformIss: "canvas.instructure.com" },
        property: "platformIss",
        says: /http\(s\) URL/,
    },
    {
        what: "1p3-manual with an FTP key set URL",
        resource: "LtiConfiguration",
        news: { ...canvas13, jwksUrl: "ftp://canvas.example/jwks" },
        property: "jwksUrl",
        says: /http\(s\) URL/,
    },
    {
        what: "1p3-manual with email matching as a string",
        resource: "LtiConfiguration",
        news: { ...canvas13, enableEmailMatching: "true" },
        property: "enableEmailMatching",
        says: /boolean/,
    },
    {
        what: "1p3-manual with an empty client id",
        resource: "LtiConfiguration",
        news: { ...canvas13, clientId: "" },
        property: "clientId",
        says: /at least 1/,
    },
    {
        what: "1p3-dynamic with a platform URL that is no URL",
        resource: "LtiConfiguration",
        news: { mode: "1p3-dynamic", platformInfo: { name: "Moodle", url: "moodle" } },
        property: "platformInfo.url",
        says: /http\(s\) URL/,
    },
    {
        what: "1p3-dynamic with platformInfo as a string",
        resource: "LtiConfiguration",
        news: { mode: "1p3-dynamic", platformInfo: "Moodle" },
        property: "platformInfo",
        says: /object/,
    },
    {
        what: "1p3-dynamic with a deployment type",
        resource: "LtiConfiguration",
        news: { mode: "1p3-dynamic", deploymentType: "canvas" },
        property: "deploymentType",
        says: /belongs to 1p3-deployment/,
    },
    {
        what: "1p3-deployment without a deployment id",
        resource: "LtiConfiguration",
        news: { mode: "1p3-deployment", deploymentType: "canvas" },
        property: "deploymentId",
        says: /required in mode 1p3-deployment/,
    },
    {
        what: "1p3-deployment with an empty deployment type",
        resource: "LtiConfiguration",
        news: { mode: "1p3-deployment", deploymentType: "", deploymentId: "d1" },
        property: "deploymentType",
        says: /at least 1/,
    },
    {
        what: "an unknown mode beside an unknown LMS",
        resource: "LtiConfiguration",
        news: { mode: UNKNOWN, name: "x", lms: "nope" },
        property: "lms",
        allowed: lmsNames,
    },
    // flat.UserAccessToken
    {
        what: "a token without a user",
        resource: "UserAccessToken",
        news: { scopes: ["edu.admin"] },
        property: "user",
        says: /required/,
    },
    {
        what: "a token without scopes",
        resource: "UserAccessToken",
        news: { user: "u1" },
        property: "scopes",
        allowed: appScopes,
        says: /required/,
    },
    {
        what: "an empty scope list",
        resource: "UserAccessToken",
        news: { user: "u1", scopes: [] },
        property: "scopes",
        says: /at least 1/,
    },
    {
        what: "an unknown scope",
        resource: "UserAccessToken",
        news: { user: "u1", scopes: ["edu.admin.everything"] },
        property: "scopes",
        allowed: appScopes,
    },
    {
        what: "scopes as one string",
        resource: "UserAccessToken",
        news: { user: "u1", scopes: "edu.admin" },
        property: "scopes",
        allowed: appScopes,
        says: /list of strings/,
    },
    {
        what: "a scope listed twice",
        resource: "UserAccessToken",
        news: { user: "u1", scopes: ["edu.admin", "edu.admin"] },
        property: "scopes",
        says: /more than once/,
    },
    {
        what: "a renewal window in words",
        resource: "UserAccessToken",
        news: { user: "u1", scopes: ["edu.admin"], renewBefore: "6 hours" },
        property: "renewBefore",
        says: /duration/,
    },
    {
        what: "an unknown scope beside a bad one",
        resource: "UserAccessToken",
        news: { user: UNKNOWN, scopes: [UNKNOWN, "bogus"] },
        property: "scopes",
        allowed: appScopes,
    },
    // flat.UserSigninLink
    { what: "a link without a user", resource: "UserSigninLink", news: {}, property: "user", says: /required/ },
    {
        what: "a user id that is a number",
        resource: "UserSigninLink",
        news: { user: 7 },
        property: "user",
        says: /must be a string/,
    },
    {
        what: "a destination without a leading slash",
        resource: "UserSigninLink",
        news: { user: "u1", destinationPath: "scores" },
        property: "destinationPath",
        says: /path starting with \//,
    },
    {
        what: "a renewal window of 'soon'",
        resource: "UserSigninLink",
        news: { user: "u1", renewBefore: "soon" },
        property: "renewBefore",
        says: /duration/,
    },
    // edubase.OrganizationMember
    {
        what: "an unknown organization permission",
        resource: "OrganizationMember",
        news: { ...member, permissionOrganization: "owner" },
        property: "permissionOrganization",
        allowed: permissionOrganizationLevels,
    },
    {
        what: "an unknown content permission",
        resource: "OrganizationMember",
        news: { ...member, permissionContent: "write" },
        property: "permissionContent",
        allowed: permissionContentLevels,
    },
    {
        what: "a membership without a user",
        resource: "OrganizationMember",
        news: { organization: "ORG_MATH" },
        property: "user",
        says: /required/,
    },
    {
        what: "an organization code with a space",
        resource: "OrganizationMember",
        news: { ...member, organization: "ORG MATH" },
        property: "organization",
        says: /without commas, slashes or spaces/,
    },
    {
        what: "a department beside explicit permissions",
        resource: "OrganizationMember",
        news: { ...member, department: "Heads", permissionOrganization: "teacher" },
        property: "department",
        allowed: [...permissionOrganizationLevels, ...permissionContentLevels],
    },
    {
        what: "an empty department",
        resource: "OrganizationMember",
        news: { ...member, department: "" },
        property: "department",
        says: /at least 1/,
    },
    {
        what: "a department of 256 characters",
        resource: "OrganizationMember",
        news: { ...member, department: long(256) },
        property: "department",
        says: /at most 255/,
    },
    {
        what: "notify as a string",
        resource: "OrganizationMember",
        news: { ...member, notify: "yes" },
        property: "notify",
        says: /boolean/,
    },
    {
        what: "an unknown user beside a bad content permission",
        resource: "OrganizationMember",
        news: { ...member, user: UNKNOWN, permissionContent: "everything" },
        property: "permissionContent",
        allowed: permissionContentLevels,
    },
    // edubase.OrganizationMembers
    {
        what: "an empty organization list",
        resource: "OrganizationMembers",
        news: { organizations: [], users: ["U_A"] },
        property: "organizations",
        says: /at least 1/,
    },
    {
        what: "users as one comma-separated string",
        resource: "OrganizationMembers",
        news: { organizations: ["ORG_MATH"], users: "U_A,U_B" },
        property: "users",
        says: /list of strings/,
    },
    {
        what: "a user listed twice",
        resource: "OrganizationMembers",
        news: { organizations: ["ORG_MATH"], users: ["U_A", "U_A"] },
        property: "users",
        says: /more than once/,
    },
    {
        what: "an organization code with a comma",
        resource: "OrganizationMembers",
        news: { organizations: ["ORG,MATH"], users: ["U_A"] },
        property: "organizations",
        says: /without commas/,
    },
    {
        what: "a permission in the wrong case",
        resource: "OrganizationMembers",
        news: { organizations: ["ORG_MATH"], users: ["U_A"], permissionOrganization: "Teacher" },
        property: "permissionOrganization",
        allowed: permissionOrganizationLevels,
    },
    {
        what: "a set without users",
        resource: "OrganizationMembers",
        news: { organizations: ["ORG_MATH"] },
        property: "users",
        says: /required/,
    },
    // edubase.UserOrganizations
    {
        what: "an empty user code",
        resource: "UserOrganizations",
        news: { user: "", organizations: ["ORG_MATH"] },
        property: "user",
        says: /at least 1/,
    },
    {
        what: "a user without organizations",
        resource: "UserOrganizations",
        news: { user: "U_IT" },
        property: "organizations",
        says: /required/,
    },
    {
        what: "a content permission that is a number",
        resource: "UserOrganizations",
        news: { user: "U_IT", organizations: ["ORG_MATH"], permissionContent: 3 },
        property: "permissionContent",
        allowed: permissionContentLevels,
        says: /must be a string/,
    },
    {
        what: "an unknown organization beside an empty one",
        resource: "UserOrganizations",
        news: { user: "U_IT", organizations: [UNKNOWN, ""] },
        property: "organizations",
        says: /at least 1/,
    },
];

const h = useEmulator();
beforeAll(() => {
    // Credentials for both APIs, so that a request made by mistake would reach the emulator and be counted.
    Object.assign(h.config, {
        "edubase:app": h.em.edubase!.credentials.app,
        "edubase:secret": h.em.edubase!.credentials.secret,
        "edubase:apiUrl": h.em.edubaseUrl,
    });
});

test("the table covers every resource with at least 40 invalid inputs", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(new Set(cases.map((c) => c.resource))).toEqual(new Set(Object.keys(providers)));
});

describe.each(cases.map((c) => [`${c.resource}: ${c.what}`, c] as const))("%s", (_name, c) => {
    test("is rejected at check, naming the property and what is allowed, without a request", async () => {
        const result = await providers[c.resource].check!({}, c.news);
        const failure = result.failures?.find((f) => f.property === c.property);
        expect(failure).toBeDefined();
        expect(failure!.reason).toContain(c.property);
        for (const value of c.allowed ?? []) expect(failure!.reason).toContain(value);
        if (c.says) expect(failure!.reason).toMatch(c.says);
        if (c.hides) expect(failure!.reason).not.toContain(c.hides);
        // An unknown value is "not known yet": never a failure of its own.
        const unknown = Object.entries(c.news)
            .filter(([, v]) => v === UNKNOWN)
            .map(([k]) => k);
        expect(result.failures!.filter((f) => unknown.includes(f.property))).toEqual([]);
        expect(h.em.count()).toBe(0);
    });
});

test("not one API request was made by any check", async () => {
    for (const c of cases) await providers[c.resource].check!({}, c.news);
    expect(h.em.count({ api: "flat" })).toBe(0);
    expect(h.em.count({ api: "edubase" })).toBe(0);
    expect(h.em.edubase!.requests).toHaveLength(0);
});
