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

/** What a failure's reason must say: every allowed value, a pattern, or both (and what it must hide). */
type Expected = readonly string[] | RegExp | Pick<Case, "allowed" | "says" | "hides">;

/** One resource's cases, each `[what is wrong, the inputs, the property named, what the reason says]`. */
function casesOf(
    resource: Case["resource"],
    list: [what: string, news: Record<string, unknown>, property: string, expected: Expected][],
): Case[] {
    return list.map(([what, news, property, expected]) => {
        const reason =
            expected instanceof RegExp ? { says: expected } : isList(expected) ? { allowed: expected } : expected;
        return { what, resource, news, property, ...reason };
    });
}

const isList = (e: Expected): e is readonly string[] => Array.isArray(e);

const cases: Case[] = [
    ...casesOf("OrganizationUser", [
        ["an unknown role", { ...user, role: "principal" }, "role", organizationRoles],
        [
            "a role that is a number",
            { ...user, role: 5 },
            "role",
            { allowed: organizationRoles, says: /must be a string/ },
        ],
        ["an unknown onDelete mode", { ...user, onDelete: "archive" }, "onDelete", onDeleteModes],
        ["an empty username", { ...user, username: "" }, "username", /at least 1/],
        ["a username of 31 characters", { ...user, username: long(31) }, "username", /at most 30/],
        ["a missing username", { password: user.password }, "username", /required/],
        ["a username that is a number", { ...user, username: 42 }, "username", /must be a string/],
        ["a missing password", { username: "ada" }, "password", /required/],
        [
            "a password of 5 characters, not echoed",
            { ...user, password: "pw123" },
            "password",
            { says: /at least 6/, hides: "pw123" },
        ],
        ["an email without a domain", { ...user, email: "ada@" }, "email", /email address/],
        ["an email with a space", { ...user, email: "ada lovelace@school.example" }, "email", /email address/],
        ["a first name of 61 characters", { ...user, firstname: long(61) }, "firstname", /at most 60/],
        ["a last name of 61 characters", { ...user, lastname: long(61) }, "lastname", /at most 60/],
        ["a one-letter locale", { ...user, locale: "e" }, "locale", /at least 2/],
        ["adoptExisting as a string", { ...user, adoptExisting: "yes" }, "adoptExisting", /boolean/],
        [
            "an unknown username beside a bad role",
            { ...user, username: UNKNOWN, role: "owner" },
            "role",
            organizationRoles,
        ],
    ]),
    ...casesOf("OrganizationInvitation", [
        ["a missing email", { role: "teacher" }, "email", /required/],
        ["an email without a dot in the domain", { email: "it@school" }, "email", /email address/],
        [
            "the student role, which cannot be invited",
            { email: "it@school.example", role: "user" },
            "role",
            invitationRoles,
        ],
        ["an email given as a list", { email: ["it@school.example"] }, "email", /must be a string/],
        ["an unknown email beside a bad role", { email: UNKNOWN, role: "superuser" }, "role", invitationRoles],
    ]),
    ...casesOf("LtiCredentials", [
        ["a missing name", { lms: "canvas" }, "name", /required/],
        ["a missing LMS", { name: "Canvas" }, "lms", { allowed: lmsNames, says: /required/ }],
        ["an unknown LMS", { name: "Canvas", lms: "brightspace" }, "lms", lmsNames],
        ["a name of 301 characters", { name: long(301), lms: "canvas" }, "name", /at most 300/],
        ["an unknown name beside a misspelt LMS", { name: UNKNOWN, lms: "canvs" }, "lms", lmsNames],
    ]),
    ...casesOf("LtiConfiguration", [
        ["a missing mode", { name: "x" }, "mode", { allowed: ltiConfigurationModes, says: /required/ }],
        ["an unknown mode", { mode: "1p2-manual" }, "mode", ltiConfigurationModes],
        ["1p1-manual without a name", { mode: "1p1-manual", lms: "canvas" }, "name", /required in mode 1p1-manual/],
        [
            "1p1-manual without an LMS",
            { mode: "1p1-manual", name: "x" },
            "lms",
            { allowed: lmsNames, says: /required in mode 1p1-manual/ },
        ],
        ["1p1-manual with an unknown LMS", { mode: "1p1-manual", name: "x", lms: "d2l" }, "lms", lmsNames],
        [
            "1p1-manual with a platform issuer",
            { mode: "1p1-manual", name: "x", lms: "canvas", platformIss: "https://canvas.instructure.com" },
            "platformIss",
            /not an input of mode 1p1-manual; it belongs to 1p3-manual/,
        ],
        [
            "1p3-manual with an issuer that is no URL",
            { ...canvas13, platformIss: "canvas.instructure.com" },
            "platformIss",
            /http\(s\) URL/,
        ],
        [
            "1p3-manual with an FTP key set URL",
            { ...canvas13, jwksUrl: "ftp://canvas.example/jwks" },
            "jwksUrl",
            /http\(s\) URL/,
        ],
        [
            "1p3-manual with email matching as a string",
            { ...canvas13, enableEmailMatching: "true" },
            "enableEmailMatching",
            /boolean/,
        ],
        ["1p3-manual with an empty client id", { ...canvas13, clientId: "" }, "clientId", /at least 1/],
        [
            "1p3-dynamic with a platform URL that is no URL",
            { mode: "1p3-dynamic", platformInfo: { name: "Moodle", url: "moodle" } },
            "platformInfo.url",
            /http\(s\) URL/,
        ],
        [
            "1p3-dynamic with platformInfo as a string",
            { mode: "1p3-dynamic", platformInfo: "Moodle" },
            "platformInfo",
            /object/,
        ],
        [
            "1p3-dynamic with a deployment type",
            { mode: "1p3-dynamic", deploymentType: "canvas" },
            "deploymentType",
            /belongs to 1p3-deployment/,
        ],
        [
            "1p3-deployment without a deployment id",
            { mode: "1p3-deployment", deploymentType: "canvas" },
            "deploymentId",
            /required in mode 1p3-deployment/,
        ],
        [
            "1p3-deployment with an empty deployment type",
            { mode: "1p3-deployment", deploymentType: "", deploymentId: "d1" },
            "deploymentType",
            /at least 1/,
        ],
        ["an unknown mode beside an unknown LMS", { mode: UNKNOWN, name: "x", lms: "nope" }, "lms", lmsNames],
    ]),
    ...casesOf("UserAccessToken", [
        ["a token without a user", { scopes: ["edu.admin"] }, "user", /required/],
        ["a token without scopes", { user: "u1" }, "scopes", { allowed: appScopes, says: /required/ }],
        ["an empty scope list", { user: "u1", scopes: [] }, "scopes", /at least 1/],
        ["an unknown scope", { user: "u1", scopes: ["edu.admin.everything"] }, "scopes", appScopes],
        [
            "scopes as one string",
            { user: "u1", scopes: "edu.admin" },
            "scopes",
            { allowed: appScopes, says: /list of strings/ },
        ],
        ["a scope listed twice", { user: "u1", scopes: ["edu.admin", "edu.admin"] }, "scopes", /more than once/],
        [
            "a renewal window in words",
            { user: "u1", scopes: ["edu.admin"], renewBefore: "6 hours" },
            "renewBefore",
            /duration/,
        ],
        ["an unknown scope beside a bad one", { user: UNKNOWN, scopes: [UNKNOWN, "bogus"] }, "scopes", appScopes],
    ]),
    ...casesOf("UserSigninLink", [
        ["a link without a user", {}, "user", /required/],
        ["a user id that is a number", { user: 7 }, "user", /must be a string/],
        [
            "a destination without a leading slash",
            { user: "u1", destinationPath: "scores" },
            "destinationPath",
            /path starting with \//,
        ],
        ["a renewal window of 'soon'", { user: "u1", renewBefore: "soon" }, "renewBefore", /duration/],
    ]),
    ...casesOf("OrganizationMember", [
        [
            "an unknown organization permission",
            { ...member, permissionOrganization: "owner" },
            "permissionOrganization",
            permissionOrganizationLevels,
        ],
        [
            "an unknown content permission",
            { ...member, permissionContent: "write" },
            "permissionContent",
            permissionContentLevels,
        ],
        ["a membership without a user", { organization: "ORG_MATH" }, "user", /required/],
        [
            "an organization code with a space",
            { ...member, organization: "ORG MATH" },
            "organization",
            /without commas, slashes or spaces/,
        ],
        [
            "a department beside explicit permissions",
            { ...member, department: "Heads", permissionOrganization: "teacher" },
            "department",
            [...permissionOrganizationLevels, ...permissionContentLevels],
        ],
        ["an empty department", { ...member, department: "" }, "department", /at least 1/],
        ["a department of 256 characters", { ...member, department: long(256) }, "department", /at most 255/],
        ["notify as a string", { ...member, notify: "yes" }, "notify", /boolean/],
        [
            "an unknown user beside a bad content permission",
            { ...member, user: UNKNOWN, permissionContent: "everything" },
            "permissionContent",
            permissionContentLevels,
        ],
    ]),
    ...casesOf("OrganizationMembers", [
        ["an empty organization list", { organizations: [], users: ["U_A"] }, "organizations", /at least 1/],
        [
            "users as one comma-separated string",
            { organizations: ["ORG_MATH"], users: "U_A,U_B" },
            "users",
            /list of strings/,
        ],
        ["a user listed twice", { organizations: ["ORG_MATH"], users: ["U_A", "U_A"] }, "users", /more than once/],
        [
            "an organization code with a comma",
            { organizations: ["ORG,MATH"], users: ["U_A"] },
            "organizations",
            /without commas/,
        ],
        [
            "a permission in the wrong case",
            { organizations: ["ORG_MATH"], users: ["U_A"], permissionOrganization: "Teacher" },
            "permissionOrganization",
            permissionOrganizationLevels,
        ],
        ["a set without users", { organizations: ["ORG_MATH"] }, "users", /required/],
    ]),
    ...casesOf("UserOrganizations", [
        ["an empty user code", { user: "", organizations: ["ORG_MATH"] }, "user", /at least 1/],
        ["a user without organizations", { user: "U_IT" }, "organizations", /required/],
        [
            "a content permission that is a number",
            { user: "U_IT", organizations: ["ORG_MATH"], permissionContent: 3 },
            "permissionContent",
            { allowed: permissionContentLevels, says: /must be a string/ },
        ],
        [
            "an unknown organization beside an empty one",
            { user: "U_IT", organizations: [UNKNOWN, ""] },
            "organizations",
            /at least 1/,
        ],
    ]),
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
