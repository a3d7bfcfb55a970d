// `edu-org review` on preview documents in Pulumi's own format (tests/support/previewJson.ts says
// where that format comes from): every op kind of every resource type of this package, the limits,
// password resets, secrets in plaintext, documents that are not previews, and a 5,000-step preview.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { PreviewDocumentError, PreviewStep } from "../../cli/review/previewDocument";
import { Review } from "../../cli/review/render";
import { reviewPreview } from "../../cli/review/review";
import { Limits } from "../../cli/review/limits";
import {
    create,
    digest,
    DigestOptions,
    explicitProvider,
    goJson,
    otherStep,
    providerStep,
    read,
    refresh,
    remove,
    replace,
    same,
    SECRET,
    UNKNOWN,
    update,
    urn,
    dynamicType,
} from "../support/previewJson";
import { samples, schoolPullRequest } from "../support/previewSamples";

function review(steps: PreviewStep[], limits: Limits = {}, options?: DigestOptions) {
    return reviewPreview(goJson(digest(steps, options)), "preview.json", limits, "json");
}

function summaryOf(steps: PreviewStep[]): Review["summary"] {
    return review(steps).review.summary;
}

const ops = ["create", "update", "replace", "delete", "same", "read", "refresh"] as const;
type Op = (typeof ops)[number];

function stepFor(type: string, op: Op): PreviewStep {
    const s = samples[type];
    switch (op) {
        case "create":
            return create(s.resource, s.created);
        case "update":
            return update(s.resource, s.stored, s.updated);
        case "replace":
            return replace(s.resource, s.stored, s.replaced, s.replaceReasons);
        case "delete":
            return remove(s.resource, s.stored);
        case "same":
            return same(s.resource, s.stored);
        case "read":
            return read(s.resource, s.stored.id);
        case "refresh":
            return refresh(s.resource, s.stored);
    }
}

const flat = (org: object) => ({ flat: [{ provider: "default", ...org }], edubase: [] });
const edubase = (...orgs: object[]) => ({ flat: [], edubase: orgs });
const nothing = { flat: [], edubase: [] };

/**
 * A credential's lines (token, sign-in link): issued for whom on create, `replaced` as its kind words
 * a replacement, forgotten on delete (`deleted`: what the deleted one's line names).
 */
const credential = (kind: string, created: object, replaced: string, deleted: object) => ({
    create: flat({ credentials: [{ kind, ...created, change: "issued" }] }),
    update: flat({ credentials: [{ kind, change: "updated" }] }),
    replace: flat({ credentials: [{ kind, change: replaced }] }),
    delete: flat({ credentials: [{ kind, ...deleted, change: "forgotten" }] }),
});

/** What each change op of each type does to people; same, read and refresh change nothing. */
const expected: Record<string, Record<"create" | "update" | "replace" | "delete", object>> = {
    "flat:OrganizationUser": {
        create: flat({ created: [{ username: "newkid", role: "user", adoptExisting: false, resource: "ms-rivera" }] }),
        update: flat({ roleChanges: [{ who: "mrivera", from: "teacher", to: "admin" }], passwordResets: [] }),
        replace: flat({
            removed: [{ username: "mrivera", role: "teacher", mode: "delete", replaced: true }],
            created: [{ username: "mrivera", role: "teacher" }],
        }),
        delete: flat({ removed: [{ username: "mrivera", role: "teacher", mode: "delete" }] }),
    },
    "flat:OrganizationUsers": {
        create: flat({ created: [{ username: "dave", role: "user", adoptExisting: true, resource: "students" }] }),
        update: flat({
            removed: [{ username: "Carol", mode: "convertToIndividual", resource: "students" }],
            created: [{ username: "dave", adoptExisting: true }],
            roleChanges: [{ who: "bob", from: "user", to: "teacher" }],
        }),
        replace: flat({
            removed: ["alice", "bob", "Carol"].map((username) => ({
                username,
                mode: "convertToIndividual",
                replaced: true,
            })),
            created: ["alice", "bob", "Carol"].map((username) => ({ username })),
        }),
        delete: flat({
            removed: ["alice", "bob", "Carol"].map((username) => ({ username, mode: "convertToIndividual" })),
        }),
    },
    "flat:OrganizationInvitation": {
        create: flat({ invitationsSent: [{ email: "head@school.example", role: "teacher" }] }),
        update: nothing,
        replace: flat({
            invitationsWithdrawn: [{ email: "it@school.example", role: "admin" }],
            invitationsSent: [{ email: "it@school.example", role: "accountAdmin" }],
        }),
        delete: flat({ invitationsWithdrawn: [{ email: "it@school.example", role: "admin" }] }),
    },
    "flat:LtiCredentials": {
        create: flat({ lti: [{ label: "Moodle (moodle) LTI credentials", change: "created" }] }),
        update: nothing,
        replace: flat({
            lti: [
                {
                    label: "Canvas 2026 (canvas) LTI credentials",
                    change: "replaced",
                    detail: "new consumer key and secret: enter them in the LMS",
                },
            ],
        }),
        delete: flat({ lti: [{ label: "Canvas production (canvas) LTI credentials", change: "deleted" }] }),
    },
    "flat:LtiConfiguration": {
        create: flat({ lti: [{ label: "Moodle 1p3-dynamic LTI configuration", change: "created" }] }),
        update: flat({
            lti: [{ label: "Canvas 1p3-manual LTI configuration", change: "updated", detail: "clientId" }],
        }),
        replace: flat({ lti: [{ label: "canvas 1p3-deployment LTI configuration", change: "replaced" }] }),
        delete: flat({ lti: [{ label: "Canvas 1p3-manual LTI configuration", change: "deleted" }] }),
    },
    "flat:UserAccessToken": credential("access token", { resource: "reporting-job", user: "u_bot" }, "renewed", {}),
    "flat:UserSigninLink": credential("sign-in link", { resource: "kiosk", user: "u_kiosk2" }, "replaced", {
        user: "u_kiosk",
    }),
    "edubase:OrganizationMember": {
        create: edubase({ organization: "ORG_MATH", added: [{ user: "U_KISS", level: "member/none" }], removed: [] }),
        update: edubase({
            organization: "ORG_MATH",
            permissionChanges: [{ who: "U_NAGY", from: "teacher/modify", to: "admin/modify" }],
        }),
        replace: edubase(
            { organization: "ORG_MATH", removed: [{ user: "U_NAGY", level: "teacher/modify" }], added: [] },
            { organization: "ORG_PHYSICS", added: [{ user: "U_NAGY", level: "teacher/modify" }], removed: [] },
        ),
        delete: edubase({ organization: "ORG_MATH", removed: [{ user: "U_NAGY" }], added: [] }),
    },
    "edubase:OrganizationMembers": {
        create: edubase(
            { organization: "ORG_MATH", added: [{ user: "U7", level: "department Grade 9" }, { user: "U8" }] },
            { organization: "ORG_PHYSICS", added: [{ user: "U7" }, { user: "U8" }] },
        ),
        update: edubase(
            { organization: "ORG_MATH", added: [{ user: "U4" }], removed: [{ user: "U3" }], permissionChanges: [] },
            { organization: "ORG_PHYSICS", added: [{ user: "U4" }], removed: [{ user: "U3" }] },
        ),
        replace: edubase(
            { organization: "ORG_MATH", added: [{}, {}, {}], removed: [{}, {}, {}] },
            { organization: "ORG_PHYSICS", added: [{}, {}, {}], removed: [{}, {}, {}] },
        ),
        delete: edubase(
            { organization: "ORG_MATH", removed: [{ user: "U1" }, { user: "U2" }, { user: "U3" }], added: [] },
            { organization: "ORG_PHYSICS", removed: [{}, {}, {}] },
        ),
    },
    "edubase:UserOrganizations": {
        create: edubase(
            { organization: "ORG_MATH", added: [{ user: "U_HEAD", level: "admin/admin" }] },
            { organization: "ORG_PHYSICS", added: [{ user: "U_HEAD" }] },
        ),
        update: edubase({ organization: "ORG_PHYSICS", removed: [{ user: "U_IT", level: "admin/admin" }], added: [] }),
        replace: edubase(
            { organization: "ORG_MATH", removed: [{ user: "U_IT" }], added: [{ user: "U_IT2" }] },
            { organization: "ORG_PHYSICS", removed: [{ user: "U_IT" }], added: [{ user: "U_IT2" }] },
        ),
        delete: edubase({ organization: "ORG_MATH", removed: [{ user: "U_IT" }] }, { organization: "ORG_PHYSICS" }),
    },
};

describe("every op kind of every resource type", () => {
    const cases = Object.keys(samples).flatMap((type) => ops.map((op) => [type, op] as const));

    test.each(cases)("%s %s", (type, op) => {
        const { review: r, exitCode } = review([stepFor(type, op)]);
        // The root stack's step is a same too.
        expect(r.summary.steps[op]).toBe(op === "same" ? 2 : 1);
        expect(exitCode).toBe(0);
        if (op === "same" || op === "read" || op === "refresh") {
            expect(r.summary).toMatchObject(nothing);
            expect(r.summary.other).toEqual({});
        } else {
            expect(r.summary).toMatchObject(expected[type][op]);
        }
    });

    test("the samples cover every resource type the review interprets", () => {
        const { interpretedTypes } = require("../../cli/review/summarize");
        expect(Object.keys(samples).sort()).toEqual([...interpretedTypes].sort());
    });
});

describe("people-level details", () => {
    const user = samples["flat:OrganizationUser"];

    test("a password change is a reset: both sides print [secret] and nothing else visible changed", () => {
        const s = summaryOf([update(user.resource, user.stored, user.stored.inputs)]);
        expect(s.flat[0].passwordResets).toEqual(["mrivera"]);
        expect(s.flat[0].roleChanges).toEqual([]);
    });

    test("a password change beside a role change is seen through the provider's warning, which names its subject", () => {
        const message =
            "warning: flat.OrganizationUser mrivera: resets the password of mrivera: they can no longer sign in with the old one\n";
        const s = review(
            [update(user.resource, user.stored, user.updated)],
            {},
            {
                diagnostics: [{ message, severity: "warning" }],
            },
        ).review.summary;
        expect(s.flat[0].passwordResets).toEqual(["mrivera"]);
        expect(s.flat[0].roleChanges).toHaveLength(1);
        expect(s.warnings).toEqual([message.trim()]);
    });

    test("a warning the engine attributes to the resource's URN counts too", () => {
        const s = review(
            [update(user.resource, user.stored, user.updated)],
            {},
            {
                diagnostics: [
                    {
                        urn: urn(dynamicType("flat", "OrganizationUser"), "ms-rivera"),
                        message: "warning: resets the password of mrivera\n",
                        severity: "warning",
                    },
                ],
            },
        ).review.summary;
        expect(s.flat[0].passwordResets).toEqual(["mrivera"]);
    });

    test("a password not known until apply is noted, not counted", () => {
        const s = review(
            [update(user.resource, user.stored, { ...user.updated, password: UNKNOWN })],
            {},
            {
                diagnostics: [
                    {
                        message:
                            "warning: flat.OrganizationUser mrivera: the password is not known yet; if it changes, the update resets the password of mrivera\n",
                        severity: "warning",
                    },
                ],
            },
        ).review.summary;
        expect(s.flat[0].passwordResets).toEqual([]);
        expect(s.notes).toEqual([
            "flat.OrganizationUser mrivera: password not known until apply; if it changes, it is reset",
        ]);
    });

    test("a role change alone, or a provider upgrade alone, is no password reset", () => {
        expect(summaryOf([update(user.resource, user.stored, user.updated)]).flat[0].passwordResets).toEqual([]);
        const upgraded = { ...user.stored, inputs: { ...user.stored.inputs, providerVersion: "0" } };
        const s = summaryOf([
            update(
                user.resource,
                { ...upgraded, outputs: { ...upgraded.outputs, providerVersion: "0" } },
                user.stored.inputs,
            ),
        ]);
        expect(s.flat).toEqual([]);
    });

    test("the stored onDelete decides what a removal does: delete, convertToIndividual or retain", () => {
        const as = (mode: string, name: string) => {
            const inputs = { ...user.stored.inputs, username: name, onDelete: mode };
            return remove(
                { ...user.resource, name },
                { ...user.stored, inputs, outputs: { ...user.stored.outputs, ...inputs } },
            );
        };
        const { review: r } = review([
            as("delete", "jdoe"),
            as("convertToIndividual", "asmith"),
            as("retain", "bking"),
        ]);
        expect(r.summary.flat[0].removed.map((x) => [x.username, x.mode])).toEqual([
            ["jdoe", "delete"],
            ["asmith", "convertToIndividual"],
            ["bking", "retain"],
        ]);
        expect(r.totals).toMatchObject({ removals: 2, deletions: 1, converted: 1, retained: 1 });
    });

    test("a roster removes accounts with the onRemove it declares now, and an onRemove change is shown", () => {
        const roster = samples["flat:OrganizationUsers"];
        const s = summaryOf([update(roster.resource, roster.stored, { ...roster.updated, onRemove: "retain" })]);
        expect(s.flat[0].removed).toEqual([{ username: "Carol", role: "user", resource: "students", mode: "retain" }]);
        expect(s.flat[0].removalModeChanges).toEqual([
            { who: "students (every account)", from: "convertToIndividual", to: "retain" },
        ]);
    });

    test("values not known until apply are noted, never counted as changes", () => {
        const roster = samples["flat:OrganizationUsers"];
        const set = samples["edubase:OrganizationMembers"];
        const s = summaryOf([
            update(roster.resource, roster.stored, { ...roster.updated, users: UNKNOWN }),
            update(set.resource, set.stored, { ...set.updated, users: ["U1", UNKNOWN] }),
        ]);
        expect(s.flat).toEqual([]);
        expect(s.edubase).toEqual([]);
        expect(s.notes).toEqual([
            "flat.OrganizationUsers students: users not known until apply; its accounts are not counted",
            "edubase.OrganizationMembers grade9: memberships not known until apply; they are not counted",
        ]);
    });

    test("adoption is told apart: LTI credentials or configurations taken over, invitations possibly taken over", () => {
        const creds = samples["flat:LtiCredentials"];
        const config = samples["flat:LtiConfiguration"];
        const invitation = samples["flat:OrganizationInvitation"];
        const s = summaryOf([
            create(creds.resource, { ...creds.created, adoptConsumerKey: "ck_moodle" }),
            create(config.resource, { ...config.created, adoptId: "lti-9" }),
            create(invitation.resource, { ...invitation.created, adoptExisting: true }),
        ]);
        expect(s.flat[0].lti).toMatchObject([
            { change: "adopted", detail: "ck_moodle taken over: no new key, the LMS keeps working" },
            { change: "adopted", detail: "lti-9 taken over: no new key, the LMS keeps working" },
        ]);
        expect(s.flat[0].invitationsSent).toEqual([
            { email: "head@school.example", role: "teacher", adoptExisting: true },
        ]);
    });

    test("resources are grouped per Flat provider and per EduBase organization", () => {
        const districtB = { ...user.resource, name: "b-teacher", provider: explicitProvider("district-b") };
        const s = summaryOf([
            create(user.resource, user.created),
            create(districtB, { ...user.created, username: "bteacher", role: "teacher" }),
            providerStep("create", "district-b", {
                "flat:accessToken": SECRET,
                "flat:baseUrl": "https://api.flat.io/v2",
            }),
        ]);
        expect(s.flat.map((o) => [o.provider, o.created.map((c) => c.username)])).toEqual([
            ["default", ["newkid"]],
            ["district-b", ["bteacher"]],
        ]);
        expect(s.providers).toEqual([{ api: "flat", name: "district-b", op: "create", changes: [] }]);
    });

    test("an explicit provider's changed settings are shown, a secret one without its value", () => {
        const step = providerStep(
            "update",
            "district-b",
            { "flat:accessToken": "new-token-value", "flat:maxUserRemovals": "50" },
            { "flat:accessToken": "old-token-value", "flat:maxUserRemovals": "10" },
        );
        const { review: r, output } = reviewPreview(goJson(digest([step])), "preview.json", {}, "markdown");
        expect(r.summary.providers).toEqual([
            {
                api: "flat",
                name: "district-b",
                op: "update",
                changes: ["flat:accessToken changes", "flat:maxUserRemovals: 10 → 50"],
            },
        ]);
        expect(output).not.toContain("token-value");
    });

    test("the removal budgets of the stack's config are shown", () => {
        const { output } = reviewPreview(
            goJson(digest([], { config: { "flat:maxUserRemovals": "10", "edubase:maxMembershipRemovals": "25" } })),
            "preview.json",
            {},
            "markdown",
        );
        expect(output).toContain(
            "Removal budgets in the stack's config (the provider refuses removals beyond them during up): `edubase:maxMembershipRemovals` 25, `flat:maxUserRemovals` 10.",
        );
    });

    test("resources of other providers are counted by type and op, not interpreted", () => {
        const s = summaryOf([
            otherStep("create", "aws:s3/bucket:Bucket", "reports"),
            otherStep("update", "aws:s3/bucket:Bucket", "exports"),
            otherStep("delete", "random:index/randomPassword:RandomPassword", "old"),
            { ...create(user.resource, user.created), urn: urn("pulumi-nodejs:dynamic:Resource", "custom") },
        ]);
        expect(s.other).toEqual({
            "aws:s3/bucket:Bucket": { create: 1, update: 1 },
            "random:index/randomPassword:RandomPassword": { delete: 1 },
        });
        // A dynamic resource of this package is read by its state's type, not its URN.
        expect(s.flat[0].created).toHaveLength(1);
    });

    test("with --show-replacement-steps the replacement is read once, from its logical step", () => {
        const creds = samples["flat:LtiCredentials"];
        const logical = replace(creds.resource, creds.stored, creds.replaced, creds.replaceReasons);
        const s = summaryOf([{ ...logical, op: "create-replacement" }, logical, { ...logical, op: "delete-replaced" }]);
        expect(s.flat[0].lti).toHaveLength(1);
        expect(s.steps).toEqual({ same: 1, "create-replacement": 1, replace: 1, "delete-replaced": 1 });
    });
});

describe("limits and exit status", () => {
    const { steps, options } = schoolPullRequest();
    const text = goJson(digest(steps, options));
    const run = (limits: Limits, format: "markdown" | "json" = "markdown") =>
        reviewPreview(text, "preview.json", limits, format);

    test("the issue's pull request reads as people changes, per API and organization", () => {
        const { review: r, output } = run({});
        expect(r.totals).toEqual({
            accountsCreated: 12,
            removals: 45,
            deletions: 3,
            converted: 2,
            retained: 0,
            roleChanges: 5,
            permissionChanges: 0,
            passwordResets: 1,
            membershipsAdded: 0,
            membershipsRemoved: 40,
        });
        expect(output).toContain("- **3 accounts deleted with their scores and class data**: jdoe, asmith, bking\n");
        expect(output).toContain(
            "- 2 accounts converted to individual accounts (they leave the organization and keep their data): lgraduate, mgraduate\n",
        );
        expect(output).toContain(
            "- 5 role changes: teacher → admin: mrivera; user → teacher: tnew1, tnew2, tnew3, tnew4\n",
        );
        expect(output).toContain("- **1 password reset**: kiosk1\n");
        expect(output).toContain("### EduBase: ORG\\_MATH\n\n- **−40 members**: teacher/modify: U1010, U1011,");
        expect(output).toContain("and 15 more\n");
        expect(output).toContain(
            "**Canvas production (canvas) LTI credentials replaced — new consumer key and secret: enter them in the LMS**",
        );
        expect(output).toContain("- 1 access token renewed: reporting-job (user u\\_bot)\n");
        expect(output).toContain("Engine's change summary: 12 create, 5 delete, 2 replace, 311 same, 7 update.");
    });

    test("within every limit: exit 0, and the summary says which limits were checked", () => {
        const result = run({ maxRemovals: 45, maxDeletions: 3, maxRoleChanges: 5 });
        expect(result.exitCode).toBe(0);
        expect(result.output).toContain(
            "**Within limits.** Checked: `--max-removals` 45, `--max-deletions` 3, `--max-role-changes` 5.",
        );
    });

    test.each([
        [
            { maxRemovals: 44 },
            "accounts removed (deleted or converted) and EduBase memberships removed: 45 > `--max-removals` 44",
        ],
        [{ maxDeletions: 2 }, "accounts deleted with their scores and class data: 3 > `--max-deletions` 2"],
        [{ maxRoleChanges: 4 }, "role changes (Flat) and permission changes (EduBase): 5 > `--max-role-changes` 4"],
        [{ failOnPasswordReset: true }, "password resets: 1 > `--fail-on-password-reset` 0"],
    ] as const)("crossing %j exits 1 and names the limit", (limits, message) => {
        const result = run(limits);
        expect(result.exitCode).toBe(1);
        expect(result.output).toContain(`**Limits crossed:** ${message}.`);
        const json = JSON.parse(run(limits, "json").output) as Review;
        expect(json.withinLimits).toBe(false);
        expect(json.limits.filter((l) => l.crossed)).toHaveLength(1);
    });

    test("retained accounts are no removal: they stay in the organization", () => {
        const user = samples["flat:OrganizationUser"];
        const inputs = { ...user.stored.inputs, onDelete: "retain" };
        const result = review(
            [
                remove(user.resource, {
                    ...user.stored,
                    inputs,
                    outputs: { ...user.stored.outputs, onDelete: "retain" },
                }),
            ],
            {
                maxRemovals: 0,
                maxDeletions: 0,
            },
        );
        expect(result.exitCode).toBe(0);
        expect(result.review.totals.retained).toBe(1);
    });

    test("a preview that reported errors fails: what it did not reach cannot be reviewed", () => {
        const result = review([], {}, { diagnostics: [{ message: "error: the program threw\n", severity: "error" }] });
        expect(result.exitCode).toBe(1);
        expect(result.review.summary.errors).toEqual(["error: the program threw"]);
    });
});

describe("documents that are not a preview", () => {
    test.each([
        ["", "preview.json is empty: pulumi preview --json printed nothing"],
        ["Previewing update (prod):\n", "preview.json is not JSON: "],
        [
            '{"sequence":0,"timestamp":1700000000,"cancelEvent":{}}\n{"sequence":1,"timestamp":1700000001}\n',
            "preview.json holds one engine event per line (PULUMI_ENABLE_STREAMING_JSON_PREVIEW is set)",
        ],
        [
            '{"version":3,"deployment":{"resources":[]}}',
            "preview.json is a state export (pulumi stack export), not a preview",
        ],
        ["[1, 2]", "preview.json is not the output of pulumi preview --json: not a JSON object"],
        [
            '{"config":{}}',
            'preview.json is not the output of pulumi preview --json: it has neither "steps" nor "changeSummary"',
        ],
        ['{"steps":{}}', 'preview.json: "steps" must be a list, got object'],
        [
            '{"steps":[{"urn":"urn:pulumi:a::b::c::d"}]}',
            'preview.json: steps[0] is not a preview step (it needs "op" and "urn")',
        ],
        [
            '{"steps":[{"op":"create","urn":"u","newState":{}}]}',
            'preview.json: steps[0].newState is not a resource state (no "type")',
        ],
    ])("%j is refused with a clear message", (text, message) => {
        let error: unknown;
        try {
            reviewPreview(text, "preview.json", {}, "markdown");
        } catch (err) {
            error = err;
        }
        expect(error).toBeInstanceOf(PreviewDocumentError);
        expect((error as Error).message).toContain(message);
    });

    test("an empty stack's preview (no steps, a change summary) is a preview with no change", () => {
        const result = reviewPreview('{"changeSummary":{"same":1}}', "preview.json", { maxRemovals: 0 }, "markdown");
        expect(result.exitCode).toBe(0);
        expect(result.output).toContain("No change to people.");
    });
});

describe("secrets never reach the summary", () => {
    const plaintext = {
        password: "Tr0ub4dor&3-password",
        newPassword: "correct-horse-battery",
        consumerSecret: "lti-consumer-secret-0042",
        token: "flat-delegated-token-9f8e7d",
        url: "https://flat.io/auth/signin?token=signin-link-secret-77",
        initialPassword: "initial-pass-2031",
        perUser: "per-user-pass-dave",
        providerToken: "provider-access-token-5150",
        configToken: "stack-config-token-8080",
    };

    /** A document as a streaming or hand-made source might hold it: every secret in plaintext. */
    function leakyDocument(): string {
        const user = samples["flat:OrganizationUser"];
        const roster = samples["flat:OrganizationUsers"];
        const creds = samples["flat:LtiCredentials"];
        const token = samples["flat:UserAccessToken"];
        const link = samples["flat:UserSigninLink"];
        const withPassword = (p: string) => ({ ...user.stored.inputs, password: p });
        const steps = [
            update(
                user.resource,
                {
                    ...user.stored,
                    inputs: withPassword(plaintext.password),
                    outputs: { ...user.stored.outputs, password: plaintext.password },
                },
                { ...withPassword(plaintext.newPassword), role: "admin" },
            ),
            create(roster.resource, {
                ...roster.created,
                initialPassword: plaintext.initialPassword,
                passwords: { dave: plaintext.perUser },
            }),
            replace(
                creds.resource,
                { ...creds.stored, outputs: { ...creds.stored.outputs, consumerSecret: plaintext.consumerSecret } },
                creds.replaced,
                ["name"],
            ),
            remove(token.resource, { ...token.stored, outputs: { ...token.stored.outputs, token: plaintext.token } }),
            remove(link.resource, { ...link.stored, outputs: { ...link.stored.outputs, url: plaintext.url } }),
            providerStep(
                "update",
                "district-b",
                { "flat:accessToken": plaintext.providerToken },
                { "flat:accessToken": "old-provider-token-1" },
            ),
        ];
        return goJson(
            digest(steps, {
                config: { "flat:accessToken": plaintext.configToken, "flat:maxUserRemovals": "10" },
                diagnostics: [
                    {
                        urn: urn(dynamicType("flat", "OrganizationUser"), "ms-rivera"),
                        message: `warning: password of mrivera changes from ${plaintext.password} to ${plaintext.newPassword}\n`,
                        severity: "warning",
                    },
                    { message: `error: request failed with token ${plaintext.providerToken}\n`, severity: "error" },
                ],
            }),
        );
    }

    test.each(["markdown", "text", "json"] as const)(
        "in %s output, though the document holds them in plaintext",
        (format) => {
            const text = leakyDocument();
            for (const secret of Object.values(plaintext)) expect(text).toContain(secret.replace("&", "\\u0026"));
            const { output, review: r } = reviewPreview(text, "preview.json", {}, format);
            for (const secret of [...Object.values(plaintext), "old-provider-token-1"])
                expect(output).not.toContain(secret);
            // What the review needs is still there.
            expect(r.summary.flat[0].passwordResets).toEqual(["mrivera"]);
            // Markdown escapes the brackets.
            expect(output).toMatch(/\\?\[secret\\?\]/);
        },
    );
});

describe("at scale", () => {
    /** A roster change of n steps: creates, deletes, role changes and EduBase pairs in equal parts. */
    function bigDocument(n: number) {
        const user = samples["flat:OrganizationUser"];
        const member = samples["edubase:OrganizationMember"];
        const steps: PreviewStep[] = [];
        for (let i = 0; steps.length < n; i++) {
            const name = `u${i}`;
            const inputs = { ...user.stored.inputs, username: name, email: `${name}@school.example` };
            const stored = { id: `id${i}`, inputs, outputs: { ...user.stored.outputs, ...inputs } };
            const r = { ...user.resource, name };
            steps.push(
                [
                    () => create(r, inputs),
                    () => remove(r, stored),
                    () => update(r, stored, { ...inputs, role: "admin" }),
                    () => create({ ...member.resource, name }, { ...member.created, user: `U${i}` }),
                ][i % 4](),
            );
        }
        return digest(steps, { unprintedSames: 20_000 });
    }

    /** Counts every property read of the document's steps, the summary's only input. */
    function readsPerStep(n: number): number {
        const doc = bigDocument(n);
        let reads = 0;
        const counted = (value: unknown): unknown => {
            if (!value || typeof value !== "object") return value;
            return new Proxy(value, {
                get(target, key, receiver) {
                    reads++;
                    return counted(Reflect.get(target, key, receiver));
                },
            });
        };
        const { summarize } = require("../../cli/review/summarize");
        const { SecretRedactor } = require("../../cli/review/secrets");
        summarize({ ...doc, steps: doc.steps!.map(counted) }, new SecretRedactor([]));
        return reads / n;
    }

    test("a 5,000-step document is summarized with the same work per step as a 500-step one", () => {
        const small = readsPerStep(500);
        const large = readsPerStep(5_000);
        expect(large).toBeLessThanOrEqual(small * 1.01);
        expect(large).toBeGreaterThan(0);
    });

    test("a 5,000-step document: every change counted, every name in JSON, lists capped in Markdown", () => {
        const text = goJson(bigDocument(5_000));
        const json = JSON.parse(reviewPreview(text, "preview.json", {}, "json").output) as Review;
        expect(json.totals).toMatchObject({
            accountsCreated: 1250,
            deletions: 1250,
            roleChanges: 1250,
            membershipsAdded: 1250,
        });
        expect(json.summary.steps).toEqual({ same: 1, create: 2500, delete: 1250, update: 1250 });
        const markdown = reviewPreview(text, "preview.json", { maxDeletions: 1249 }, "markdown");
        expect(markdown.exitCode).toBe(1);
        expect(markdown.output).toContain("and 1225 more");
        expect(markdown.output.length).toBeLessThan(20_000);
    });
});

test("the committed sample document is the builder's output, byte for byte as Pulumi prints it", () => {
    const { steps, options } = schoolPullRequest();
    const committed = readFileSync(path.join(__dirname, "../fixtures/preview/school-pr.json"), "utf8");
    expect(committed).toBe(goJson(digest(steps, options)) + "\n");
});
