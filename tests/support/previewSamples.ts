/**
 * One sample of every resource type of this package for preview documents: what state stores for it
 * (inputs as `check` returned them, outputs as the provider returned them, secrets as "[secret]"),
 * new inputs for an in-place update, and new inputs with the provider's `replaces` for a replacement.
 */
import { PreviewStep, Props } from "../../cli/review/previewDocument";
import { Api, create, DigestOptions, remove, replace, Resource, SECRET, Stored, update } from "./previewJson";

export interface Sample {
    readonly resource: Resource;
    readonly stored: Stored;
    /** New inputs of a create (a fresh resource of the type). */
    readonly created: Props;
    readonly updated: Props;
    readonly replaced: Props;
    readonly replaceReasons: string[];
}

const res = (api: Api, type: string, name: string): Resource => ({ api, type, name });
const stored = (id: string, inputs: Props, computed: Props = {}): Stored => ({
    id,
    inputs,
    outputs: { ...inputs, ...computed },
});

const rivera = {
    username: "mrivera",
    password: SECRET,
    email: "m.rivera@school.example",
    firstname: "Maria",
    lastname: "Rivera",
    role: "teacher",
    onDelete: "delete",
    adoptExisting: false,
};
const roster = {
    users: {
        alice: { username: "alice", role: "user" },
        bob: { username: "bob", email: "bob@school.example", role: "user" },
        carol: { username: "Carol", role: "user" },
    },
    initialPassword: SECRET,
    passwords: SECRET,
    onRemove: "convertToIndividual",
    adoptExisting: true,
};
const canvas13 = {
    mode: "1p3-manual",
    platformName: "Canvas",
    platformIss: "https://canvas.instructure.com",
    clientId: "10000000000001",
    enableEmailMatching: true,
};
const grade9 = { organizations: ["ORG_MATH", "ORG_PHYSICS"], users: ["U1", "U2", "U3"], department: "Grade 9" };
const itAdmin = {
    user: "U_IT",
    organizations: ["ORG_MATH", "ORG_PHYSICS"],
    permissionOrganization: "admin",
    permissionContent: "admin",
};

export const samples: Readonly<Record<string, Sample>> = {
    "flat:OrganizationUser": {
        resource: res("flat", "OrganizationUser", "ms-rivera"),
        stored: stored("5f1a2b3c4d5e6f7a8b9c0d1e", rivera, {
            printableName: "Maria Rivera",
            organization: "5e9a0b1c2d3e4f5a6b7c8d9e",
            groups: [],
            license: { active: true, mode: "organization", source: "organization" },
            adopted: false,
        }),
        created: { username: "newkid", password: SECRET, role: "user", onDelete: "delete", adoptExisting: false },
        updated: { ...rivera, role: "admin" },
        replaced: rivera,
        replaceReasons: [],
    },
    "flat:OrganizationUsers": {
        resource: res("flat", "OrganizationUsers", "students"),
        // Outputs as flat.OrganizationUsers records them: each account as read back (id, role, profile;
        // the username only where Flat's differs from the lowercase key), never a password.
        stored: {
            id: "users-3f2a",
            inputs: roster,
            outputs: {
                users: {
                    alice: { id: "5f01", role: "user" },
                    bob: { id: "5f02", email: "bob@school.example", role: "user" },
                    carol: { id: "5f03", username: "Carol", role: "user" },
                },
                onRemove: roster.onRemove,
                adoptExisting: true,
            },
        },
        created: { ...roster, users: { dave: { username: "dave", role: "user" } } },
        updated: {
            ...roster,
            users: {
                alice: { username: "alice", role: "user" },
                bob: { username: "bob", email: "bob@school.example", role: "teacher" },
                dave: { username: "dave", role: "user" },
            },
        },
        replaced: roster,
        replaceReasons: [],
    },
    "flat:OrganizationInvitation": {
        resource: res("flat", "OrganizationInvitation", "it-admin"),
        stored: stored(
            "inv-1",
            { email: "it@school.example", role: "admin" },
            { organization: "5e9a", usedBy: [], customCode: SECRET, htmlUrl: SECRET, appliedToExistingMember: false },
        ),
        created: { email: "head@school.example", role: "teacher" },
        updated: { email: "it@school.example", role: "admin" },
        replaced: { email: "it@school.example", role: "accountAdmin" },
        replaceReasons: ["role"],
    },
    "flat:LtiCredentials": {
        resource: res("flat", "LtiCredentials", "canvas"),
        stored: stored(
            "cred-1",
            { name: "Canvas production", lms: "canvas" },
            { consumerKey: "ck_1a2b3c", consumerSecret: SECRET, creationDate: "2026-09-01T08:00:00Z" },
        ),
        created: { name: "Moodle", lms: "moodle" },
        updated: { name: "Canvas production", lms: "canvas" },
        replaced: { name: "Canvas 2026", lms: "canvas" },
        replaceReasons: ["name"],
    },
    "flat:LtiConfiguration": {
        resource: res("flat", "LtiConfiguration", "canvas-lti13"),
        stored: stored("lti-1", canvas13, { ltiVersion: "1p3", status: "ready-to-use", consumerSecret: SECRET }),
        created: { mode: "1p3-dynamic", platformInfo: { name: "Moodle" }, enableEmailMatching: true },
        updated: { ...canvas13, clientId: "10000000000002" },
        replaced: { mode: "1p3-deployment", deploymentType: "canvas", deploymentId: "d-1", enableEmailMatching: true },
        replaceReasons: ["mode"],
    },
    "flat:UserAccessToken": {
        resource: res("flat", "UserAccessToken", "reporting-job"),
        stored: stored(
            "tok-1",
            { user: "u_bot", scopes: ["edu.admin.users.readonly"], renewBefore: "6h" },
            { token: SECRET, tokenId: "tok-1", expirationDate: "2026-11-30T10:00:00Z" },
        ),
        created: { user: "u_bot", scopes: ["edu.admin.lti.readonly"], renewBefore: "6h" },
        updated: { user: "u_bot", scopes: ["edu.admin.users.readonly"], renewBefore: "12h" },
        replaced: { user: "u_bot", scopes: ["edu.admin.users.readonly"], renewBefore: "6h" },
        replaceReasons: ["expirationDate"],
    },
    "flat:UserSigninLink": {
        resource: res("flat", "UserSigninLink", "kiosk"),
        stored: stored(
            "a1b2c3d4",
            { user: "u_kiosk", destinationPath: "/class", renewBefore: "15m" },
            { url: SECRET, token: SECRET, expirationDate: "2026-11-29T17:00:00Z" },
        ),
        created: { user: "u_kiosk2", destinationPath: "/", renewBefore: "15m" },
        updated: { user: "u_kiosk", destinationPath: "/class", renewBefore: "30m" },
        replaced: { user: "u_kiosk", destinationPath: "/library", renewBefore: "15m" },
        replaceReasons: ["destinationPath"],
    },
    "edubase:OrganizationMember": {
        resource: res("edubase", "OrganizationMember", "nagy-math"),
        stored: stored("ORG_MATH/U_NAGY", {
            organization: "ORG_MATH",
            user: "U_NAGY",
            permissionOrganization: "teacher",
            permissionContent: "modify",
        }),
        created: {
            organization: "ORG_MATH",
            user: "U_KISS",
            permissionOrganization: "member",
            permissionContent: "none",
        },
        updated: {
            organization: "ORG_MATH",
            user: "U_NAGY",
            permissionOrganization: "admin",
            permissionContent: "modify",
        },
        replaced: {
            organization: "ORG_PHYSICS",
            user: "U_NAGY",
            permissionOrganization: "teacher",
            permissionContent: "modify",
        },
        replaceReasons: ["organization"],
    },
    "edubase:OrganizationMembers": {
        resource: res("edubase", "OrganizationMembers", "grade9"),
        stored: stored("members-1a2b", grade9),
        created: { ...grade9, users: ["U7", "U8"] },
        updated: { ...grade9, users: ["U1", "U2", "U4"] },
        replaced: grade9,
        replaceReasons: [],
    },
    "edubase:UserOrganizations": {
        resource: res("edubase", "UserOrganizations", "it-admin"),
        stored: stored("U_IT", itAdmin),
        created: { ...itAdmin, user: "U_HEAD" },
        updated: { ...itAdmin, organizations: ["ORG_MATH"] },
        replaced: { ...itAdmin, user: "U_IT2" },
        replaceReasons: ["user"],
    },
};

/**
 * The pull request of the issue that asked for the review: a new school year for examples/school.
 * 12 accounts created, 3 deleted with their scores, 2 converted to individual, 5 role changes, 1
 * password reset, 40 members leaving ORG_MATH, the Canvas LTI credentials replaced, a token renewed.
 */
export function schoolPullRequest(): DigestInput {
    const user = samples["flat:OrganizationUser"];
    const account = (username: string, role: string, extra: Props = {}) => ({
        ...user.stored.inputs,
        username,
        email: `${username}@school.example`,
        firstname: username,
        lastname: "Example",
        role,
        ...extra,
    });
    const storedAccount = (username: string, role: string, extra: Props = {}): Stored => {
        const inputs = account(username, role, extra);
        return {
            id: `id-${username}`,
            inputs,
            outputs: { ...inputs, organization: "5e9a", groups: [], adopted: false },
        };
    };
    const userRes = (name: string) => res("flat", "OrganizationUser", name);
    const steps = [
        ...Array.from({ length: 12 }, (_, i) =>
            create(userRes(`student-2031-${i + 1}`), account(`s2031n${i + 1}`, "user")),
        ),
        ...["jdoe", "asmith", "bking"].map((u) => remove(userRes(u), storedAccount(u, "user"))),
        ...["lgraduate", "mgraduate"].map((u) =>
            remove(userRes(u), storedAccount(u, "user", { onDelete: "convertToIndividual" })),
        ),
        update(userRes("ms-rivera"), storedAccount("mrivera", "teacher"), account("mrivera", "admin")),
        ...["tnew1", "tnew2", "tnew3", "tnew4"].map((u) =>
            update(userRes(u), storedAccount(u, "user"), account(u, "teacher")),
        ),
        update(userRes("kiosk-account"), storedAccount("kiosk1", "user"), account("kiosk1", "user")),
        update(
            res("edubase", "OrganizationMembers", "math-staff"),
            stored("members-9f8e", {
                organizations: ["ORG_MATH"],
                users: Array.from({ length: 50 }, (_, i) => `U${1000 + i}`),
                permissionOrganization: "teacher",
                permissionContent: "modify",
            }),
            {
                organizations: ["ORG_MATH"],
                users: Array.from({ length: 10 }, (_, i) => `U${1000 + i}`),
                permissionOrganization: "teacher",
                permissionContent: "modify",
            },
        ),
        replace(
            samples["flat:LtiCredentials"].resource,
            samples["flat:LtiCredentials"].stored,
            { name: "Canvas production", lms: "canvas" },
            ["name"],
        ),
        replace(
            samples["flat:UserAccessToken"].resource,
            samples["flat:UserAccessToken"].stored,
            samples["flat:UserAccessToken"].replaced,
            ["expirationDate"],
        ),
    ];
    return {
        steps,
        options: {
            unprintedSames: 310,
            diagnostics: [
                // A dynamic provider logs without the resource's URN: its message names the subject.
                {
                    message:
                        "warning: flat.OrganizationUser kiosk1: resets the password of kiosk1: they can no longer sign in with the old one\n",
                    severity: "warning",
                },
            ],
        },
    };
}

export interface DigestInput {
    readonly steps: PreviewStep[];
    readonly options: DigestOptions;
}
