import { PROVIDER_VERSION, UNKNOWN } from "../../provider/core/dynamic";
import { listCache } from "../../provider/core/listCache";
import { handlers, OrganizationMembersOutputs } from "../../provider/edubase/organizationMembers";
import { useEdubase } from "../support/edubase";
import { lifecycle } from "../support/handlers";

const e = useEdubase();
const lifecycleOf = lifecycle(handlers);
const { checked } = lifecycleOf;
const count = (method?: string) => e.h.em.count({ api: "edubase", method });
let roster: string[] = [];

beforeAll(() => {
    for (const o of ["ORG_A", "ORG_B", "ORG_C"]) e.api.seedOrganization({ organization: o, name: o });
    e.api.seedDepartment("ORG_A", "Grade 9", { permissionOrganization: "member", permissionContent: "view" });
    e.api.seedDepartment("ORG_B", "Grade 9", { permissionOrganization: "reporter", permissionContent: "report" });
    roster = Array.from({ length: 500 }, (_, i) =>
        e.api.seedUser({ user: `S${String(i).padStart(3, "0")}`, name: `Student ${i}` }),
    );
});

async function created(news: Record<string, unknown>) {
    const r = await lifecycleOf.created(news);
    e.h.em.resetRecords();
    return r;
}

describe("check", () => {
    it.each([
        ["organizations", { organizations: [] }, /^organizations must have at least 1 item/],
        ["users", { users: "S001" }, /^users must be a list of strings, got string "S001"/],
        ["users", { users: ["S001", "S001"] }, /^users lists "S001" more than once/],
        [
            "organizations",
            { organizations: ["ORG_A,ORG_B"] },
            /^organizations must be EduBase identification strings without commas/,
        ],
        [
            "permissionContent",
            { permissionContent: "everything" },
            /^permissionContent must be one of none, view, report, control, modify, grant, admin/,
        ],
        [
            "department",
            { department: "Grade 9", permissionOrganization: "teacher" },
            /^department and permissionOrganization cannot be set together/,
        ],
    ])("rejects a bad %s at check, before any request", async (property, bad, reason) => {
        const r = await handlers.check({}, { organizations: ["ORG_A"], users: ["S001"], ...bad });
        expect(r.failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
        expect(count()).toBe(0);
    });
});

describe("diff", () => {
    const olds = {
        organizations: ["ORG_A", "ORG_B"],
        users: ["S001", "S002"],
        permissionOrganization: "member",
        permissionContent: "none",
        providerVersion: PROVIDER_VERSION,
    } as OrganizationMembersOutputs;

    it("treats the lists as sets: a reordered roster is no change", async () => {
        expect(
            (
                await handlers.diff(
                    "x",
                    olds,
                    await checked({ organizations: ["ORG_B", "ORG_A"], users: ["S002", "S001"] }),
                )
            ).changes,
        ).toBe(false);
    });

    it.each([
        ["a user is added", { users: ["S001", "S002", "S003"] }],
        ["an organization is removed", { organizations: ["ORG_A"] }],
        ["the levels change", { permissionOrganization: "teacher" }],
        ["a department replaces the levels", { department: "Grade 9" }],
        ["the users are not known yet", { users: UNKNOWN }],
    ])("updates in place, never replaces, when %s", async (_what, change) => {
        const news = await handlers.check({}, { organizations: olds.organizations, users: olds.users, ...change });
        expect(await handlers.diff("x", olds, news.inputs)).toEqual({
            changes: true,
            replaces: [],
            deleteBeforeReplace: false,
        });
    });
});

describe("lifecycle", () => {
    it("creates the whole cross product with one POST /organizations:members", async () => {
        const inputs = await checked({
            organizations: ["ORG_A", "ORG_B"],
            users: roster.slice(0, 3),
            permissionOrganization: "teacher",
            permissionContent: "view",
        });
        const { id, outs } = await handlers.create(inputs);
        expect(id).toMatch(/^members-[0-9a-f]{16}$/);
        expect(outs).toEqual(inputs);
        expect(e.h.em.exchanges.map((x) => [x.method, x.path, x.requestBody])).toEqual([
            [
                "POST",
                "/organizations:members",
                {
                    organizations: "ORG_A,ORG_B",
                    users: "S000,S001,S002",
                    permission_organization: "teacher",
                    permission_content: "view",
                },
            ],
        ]);
        expect(e.api.membership("ORG_B", "S002")?.permission).toEqual({ organization: "teacher", content: "view" });
    });

    it("removes three users from a set of 500 with one DELETE naming exactly those three", async () => {
        const { id, outs } = await created({ organizations: ["ORG_A"], users: roster });
        const leaving = [roster[7], roster[250], roster[499]];
        const news = await checked({ organizations: ["ORG_A"], users: roster.filter((u) => !leaving.includes(u)) });
        await handlers.update(id, outs, news);
        expect(e.h.em.exchanges.map((x) => [x.method, x.path, x.requestBody])).toEqual([
            ["DELETE", "/organization:members", { organization: "ORG_A", users: leaving.join(",") }],
        ]);
        expect(e.api.organization("ORG_A")!.members.size).toBe(497);
    });

    it("sends exactly the difference: new organizations get everyone, kept ones only the new users", async () => {
        const { id, outs } = await created({
            organizations: ["ORG_A", "ORG_B"],
            users: ["S000", "S001", "S002"],
            notify: true,
        });
        await handlers.update(
            id,
            outs,
            await checked({ organizations: ["ORG_A", "ORG_C"], users: ["S000", "S001", "S003"], notify: true }),
        );
        const sent = e.h.em.exchanges.map((x) => [x.method, x.path, x.requestBody]);
        expect(sent).toHaveLength(4);
        expect(sent).toEqual(
            expect.arrayContaining([
                [
                    "POST",
                    "/organizations:members",
                    {
                        organizations: "ORG_C",
                        users: "S000,S001,S003",
                        permission_organization: "member",
                        permission_content: "none",
                        notify: true,
                    },
                ],
                [
                    "POST",
                    "/organizations:members",
                    {
                        organizations: "ORG_A",
                        users: "S003",
                        permission_organization: "member",
                        permission_content: "none",
                        notify: true,
                    },
                ],
                ["DELETE", "/organization:members", { organization: "ORG_B", users: "S000,S001,S002" }],
                ["DELETE", "/organization:members", { organization: "ORG_A", users: "S002" }],
            ]),
        );
    });

    it("re-sends new levels to kept members without notifying them", async () => {
        const { id, outs } = await created({ organizations: ["ORG_A", "ORG_B"], users: ["S010", "S011"] });
        await handlers.update(
            id,
            outs,
            await checked({
                organizations: ["ORG_A", "ORG_B"],
                users: ["S010", "S011"],
                department: "Grade 9",
                notify: true,
            }),
        );
        expect(e.h.em.exchanges.map((x) => x.requestBody)).toEqual([
            { organizations: "ORG_A,ORG_B", users: "S010,S011", department: "Grade 9" },
        ]);
        expect([e.api.membership("ORG_A", "S010")?.permission, e.api.membership("ORG_B", "S010")?.permission]).toEqual([
            { organization: "member", content: "view" },
            { organization: "reporter", content: "report" },
        ]);
    });

    it("reads one member list per organization and reports drifted or removed users as missing from the set", async () => {
        const { id, outs } = await created({
            organizations: ["ORG_A", "ORG_B"],
            users: ["S020", "S021", "S022"],
            permissionOrganization: "teacher",
            permissionContent: "view",
        });
        e.api.setMembership("ORG_A", "S021", {
            department: null,
            permission: { organization: "admin", content: "admin" },
        });
        e.api.setMembership("ORG_B", "S022", undefined);
        listCache.drop();
        const r = await handlers.read(id, outs);
        expect(r.props).toEqual({
            organizations: ["ORG_A", "ORG_B"],
            users: ["S020"],
            permissionOrganization: "teacher",
            permissionContent: "view",
        });
        expect(r.inputs).toEqual(r.props);
        expect(count("GET")).toBe(2);
        // The next update puts the two back.
        await handlers.update(
            id,
            { ...r.props!, providerVersion: PROVIDER_VERSION } as OrganizationMembersOutputs,
            await checked({
                organizations: ["ORG_A", "ORG_B"],
                users: ["S020", "S021", "S022"],
                permissionOrganization: "teacher",
                permissionContent: "view",
            }),
        );
        expect(e.api.membership("ORG_A", "S021")?.permission).toEqual({ organization: "teacher", content: "view" });
        expect(e.api.membership("ORG_B", "S022")).toBeDefined();
    });

    it("drops an organization that no longer exists and is gone when all are", async () => {
        const outs = {
            organizations: ["ORG_A", "ORG_DELETED"],
            users: ["S030"],
            permissionOrganization: "member",
            permissionContent: "none",
        } as OrganizationMembersOutputs;
        e.api.setMembership("ORG_A", "S030", {
            department: null,
            permission: { organization: "member", content: "none" },
        });
        expect((await handlers.read("members-x", outs)).props?.organizations).toEqual(["ORG_A"]);
        expect(await handlers.read("members-y", { ...outs, organizations: ["ORG_DELETED", "ORG_GONE"] })).toEqual({});
    });

    it("deletes with one DELETE per organization and tolerates organizations already gone", async () => {
        const { id, outs } = await created({ organizations: ["ORG_A", "ORG_B"], users: ["S040", "S041"] });
        await handlers.delete(id, { ...outs, organizations: [...outs.organizations, "ORG_DELETED"] });
        expect(e.h.em.exchanges.map((x) => [x.method, x.requestBody])).toEqual(
            expect.arrayContaining([
                ["DELETE", { organization: "ORG_A", users: "S040,S041" }],
                ["DELETE", { organization: "ORG_B", users: "S040,S041" }],
            ]),
        );
        expect([e.api.membership("ORG_A", "S040"), e.api.membership("ORG_B", "S041")]).toEqual([undefined, undefined]);
    });
});
