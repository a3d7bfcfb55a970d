import { PROVIDER_VERSION, UNKNOWN } from "../../provider/core/dynamic";
import { listCache } from "../../provider/core/listCache";
import { handlers, OrganizationMembersOutputs } from "../../provider/edubase/organizationMembers";
import { useEdubase } from "../support/edubase";
import { describeEachReading } from "../support/edubaseReadings";
import { lifecycle } from "../support/handlers";

const lifecycleOf = lifecycle(handlers);
const { checked } = lifecycleOf;

// check and diff send no request: what EduBase does cannot change them, so they run once.
describe("check and diff", () => {
    const e = useEdubase();
    const count = () => e.h.em.count({ api: "edubase" });

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

    it("keeps a 50,000-member set in one sorted order, so a preview finds only the real differences, with 0 requests", async () => {
        const members = Array.from({ length: 50_000 }, (_, i) => `M${String(i).padStart(5, "0")}`);
        const shuffled = [...members].sort(() => Math.random() - 0.5);
        const olds = {
            ...(await checked({ organizations: ["ORG_A"], users: shuffled })),
            providerVersion: PROVIDER_VERSION,
        };
        expect(olds.users).toEqual(members);
        const news = await checked({
            organizations: ["ORG_A"],
            users: [...shuffled.filter((u) => !["M00007", "M25000", "M49999"].includes(u)), "N1", "N2"],
        });
        // Positions change only where users leave or join.
        expect(news.users.slice(0, 7)).toEqual(members.slice(0, 7));
        expect(news.users.slice(-2)).toEqual(["N1", "N2"]);
        expect(
            (await handlers.diff("members-big", olds, await checked({ organizations: ["ORG_A"], users: shuffled })))
                .changes,
        ).toBe(false);
        expect(e.warnings).toEqual([]);
        expect((await handlers.diff("members-big", olds, news)).changes).toBe(true);
        expect(e.warnings).toEqual([
            "edubase.OrganizationMembers members-big: removes 3 users from ORG_A (M00007, M25000, M49999)",
        ]);
        expect(count()).toBe(0);
    });
});

// Every request under every reading of what EduBase's documentation leaves open.
describeEachReading((readings) => {
    const e = useEdubase({ readings });
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
        e.newRun();
        return r;
    }

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
            expect(e.writes().map((x) => [x.method, x.path, x.requestBody])).toEqual([
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
            const sent = e.writes().map((x) => [x.method, x.path, x.requestBody]);
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
            expect([
                e.api.membership("ORG_A", "S010")?.permission,
                e.api.membership("ORG_B", "S010")?.permission,
            ]).toEqual([
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

        it("deletes with one DELETE per organization", async () => {
            const { id, outs } = await created({ organizations: ["ORG_A", "ORG_B"], users: ["S040", "S041"] });
            await handlers.delete(id, outs);
            expect(e.h.em.exchanges.map((x) => [x.method, x.requestBody])).toEqual(
                expect.arrayContaining([
                    ["DELETE", { organization: "ORG_A", users: "S040,S041" }],
                    ["DELETE", { organization: "ORG_B", users: "S040,S041" }],
                ]),
            );
            expect(count()).toBe(2);
            expect([e.api.membership("ORG_A", "S040"), e.api.membership("ORG_B", "S041")]).toEqual([
                undefined,
                undefined,
            ]);
        });
    });

    describe("adoptExisting", () => {
        const requests = () => e.h.em.exchanges.map((x) => [x.method, x.path, x.requestBody ?? x.query]);

        it("takes over memberships that are already as declared with no write", async () => {
            await created({
                organizations: ["ORG_A", "ORG_B"],
                users: roster.slice(0, 50),
                permissionOrganization: "teacher",
            });
            listCache.drop();
            const inputs = await checked({
                organizations: ["ORG_A", "ORG_B"],
                users: roster.slice(0, 50),
                permissionOrganization: "teacher",
                adoptExisting: true,
            });
            const { outs } = await handlers.create(inputs);
            expect(outs).toEqual(inputs);
            expect(requests()).toEqual([
                ["GET", "/organization:members", { organization: "ORG_A" }],
                ["GET", "/organization:members", { organization: "ORG_B" }],
            ]);
        });

        it("adds absent users (notified) and updates differing members (not notified), per organization", async () => {
            await created({ organizations: ["ORG_A"], users: roster.slice(0, 3), permissionOrganization: "teacher" });
            await created({ organizations: ["ORG_A"], users: roster.slice(3, 5), permissionOrganization: "member" });
            listCache.drop();
            const inputs = await checked({
                organizations: ["ORG_A"],
                users: roster.slice(0, 6),
                permissionOrganization: "teacher",
                notify: true,
                adoptExisting: true,
            });
            await handlers.create(inputs);
            const teacher = { permission_organization: "teacher", permission_content: "none" };
            expect(requests().filter(([method]) => method !== "GET")).toEqual([
                [
                    "POST",
                    "/organization:members",
                    { organization: "ORG_A", users: roster[5], ...teacher, notify: true },
                ],
                [
                    "POST",
                    "/organization:members",
                    { organization: "ORG_A", users: `${roster[3]},${roster[4]}`, ...teacher },
                ],
            ]);
            expect(e.api.notifications).toEqual([{ organization: "ORG_A", user: roster[5] }]);
        });
    });

    describe("a refusal (403) is never taken for gone", () => {
        it("an organization the integration lost access to fails refresh and destroy with EduBase's error, until access is back", async () => {
            const { id, outs } = await created({ organizations: ["ORG_A", "ORG_B"], users: ["S040", "S041"] });
            e.api.setAccess("ORG_B", false);
            listCache.drop();

            const read = await handlers.read(id, outs).catch((x) => x);
            expect(read.message).toMatch(
                new RegExp(
                    `^edubase\\.OrganizationMembers ${id}: read: EduBase refuses ORG_B and its member list \\(EduBase API GET /organization:members failed: 403 INVALID_ORGANIZATION "Invalid organization or permission denied"\\)`,
                ),
            );

            const destroy = await handlers.delete(id, outs).catch((x) => x);
            expect(destroy.message).toMatch(
                new RegExp(
                    `^edubase\\.OrganizationMembers ${id}: delete: removing 2 users from ORG_B: EduBase refuses ORG_B and its member list \\(EduBase API DELETE /organization:members failed: 403 INVALID_ORGANIZATION "Invalid organization or permission denied"\\).*The memberships stay in state`,
                ),
            );
            expect(e.api.organization("ORG_B")!.members.has("S040")).toBe(true);

            // The next run, with the access back, completes the removal.
            e.api.setAccess("ORG_B", true);
            e.newRun();
            listCache.drop();
            await handlers.delete(id, outs);
            expect([e.api.membership("ORG_B", "S040"), e.api.membership("ORG_B", "S041")]).toEqual([
                undefined,
                undefined,
            ]);
        });

        it("a user who no longer exists: a 403 confirmed by the member list, or skipped, and the others are removed", async () => {
            const { id, outs } = await created({ organizations: ["ORG_A"], users: ["S050", "S051", "S052"] });
            e.api.deleteUser("S051");
            await handlers.update(id, outs, await checked({ organizations: ["ORG_A"], users: ["S052"] }));
            expect(e.h.em.exchanges.map((x) => [x.method, x.status, x.requestBody ?? x.query])).toEqual(
                readings.unknownCodeInList === "skip"
                    ? [["DELETE", 200, { organization: "ORG_A", users: "S050,S051" }]]
                    : [
                          ["DELETE", 403, { organization: "ORG_A", users: "S050,S051" }],
                          ["GET", 200, { organization: "ORG_A" }],
                          ["DELETE", 200, { organization: "ORG_A", users: "S050" }],
                      ],
            );
            expect(e.api.membership("ORG_A", "S050")).toBeUndefined();
        });

        it("a removal refused although the members are there fails and says so", async () => {
            const { id, outs } = await created({ organizations: ["ORG_A"], users: ["S060", "S061"] });
            e.h.em.faults.add({ kind: "status", api: "edubase", status: 403, times: 1, method: "DELETE" });
            const err = await handlers.delete(id, outs).catch((x) => x);
            expect(err.message).toMatch(
                new RegExp(
                    `^edubase\\.OrganizationMembers ${id}: delete: removing 2 users from ORG_A: EduBase refused \\(EduBase API DELETE /organization:members failed: 403.*\\) and the member list still has them\\. The memberships stay in state`,
                ),
            );
            expect(e.api.membership("ORG_A", "S060")).toBeDefined();
        });
    });

    describe("moves between sets never lose a member", () => {
        // Run 1: S072 is in set A. Run 2: the program moves S072 from A to B; the engine checks both
        // resources as the program registers them, then updates them in an order of its own.
        async function move(order: "new set first" | "old set first") {
            const a = await created({ organizations: ["ORG_A"], users: ["S070", "S071", "S072"] });
            const b = await created({ organizations: ["ORG_A"], users: ["S073"] });
            const newA = await checked({ organizations: ["ORG_A"], users: ["S070", "S071"] });
            const newB = await checked({ organizations: ["ORG_A"], users: ["S072", "S073"] });
            const updates = [() => handlers.update(b.id, b.outs, newB), () => handlers.update(a.id, a.outs, newA)];
            for (const update of order === "new set first" ? updates : updates.reverse()) await update();
        }

        it.each(["new set first", "old set first"] as const)(
            "keeps the member when the %s is written: the old set's removal skips the pair the new set declares",
            async (order) => {
                await move(order);
                expect(e.writes().map((x) => [x.method, x.requestBody])).toEqual([
                    [
                        "POST",
                        {
                            organizations: "ORG_A",
                            users: "S072",
                            permission_organization: "member",
                            permission_content: "none",
                        },
                    ],
                ]);
                expect(e.api.membership("ORG_A", "S072")).toBeDefined();
            },
        );

        it("still removes the users no other resource declares, in the same request as before", async () => {
            const a = await created({ organizations: ["ORG_A", "ORG_B"], users: ["S080", "S081", "S082"] });
            const news = await checked({ organizations: ["ORG_A"], users: ["S080"] });
            await checked({ organizations: ["ORG_B"], users: ["S081"] });
            await handlers.update(a.id, a.outs, news);
            expect(e.h.em.exchanges.map((x) => [x.method, x.requestBody]).sort()).toEqual([
                ["DELETE", { organization: "ORG_A", users: "S081,S082" }],
                ["DELETE", { organization: "ORG_B", users: "S080,S082" }],
            ]);
            expect(e.api.membership("ORG_B", "S081")).toBeDefined();
        });
    });

    describe("the removal budget (edubase:maxMembershipRemovals, default 25)", () => {
        afterEach(() => delete e.h.config["edubase:maxMembershipRemovals"]);

        it("refuses a set update whose removals pass the budget whole, before any request, naming the key", async () => {
            const { id, outs } = await created({ organizations: ["ORG_A", "ORG_B"], users: roster.slice(100, 120) });
            const news = await checked({
                organizations: ["ORG_A", "ORG_B"],
                users: [...roster.slice(100, 105), "S499"],
            });
            await expect(handlers.update(id, outs, news)).rejects.toThrow(
                new RegExp(
                    `^edubase\\.OrganizationMembers ${id}: update: refused before any request: these 30 removals would pass the limit of 25 memberships removed per run \\(edubase:maxMembershipRemovals; 25 left.*pulumi config set edubase:maxMembershipRemovals \\d+`,
                ),
            );
            expect(count()).toBe(0);

            // Raised in the same change, the next run removes them.
            e.h.config["edubase:maxMembershipRemovals"] = "30";
            e.newRun();
            await handlers.update(id, outs, news);
            expect(e.api.organization("ORG_B")!.members.has(roster[110])).toBe(false);
            expect(e.api.membership("ORG_B", "S499")).toBeDefined();
        });

        it("counts removed pairs across the resources of a run, and not the pairs another resource declares", async () => {
            const a = await created({ organizations: ["ORG_A"], users: roster.slice(200, 215) });
            const b = await created({ organizations: ["ORG_B"], users: roster.slice(200, 215) });
            // 14 leave A, but 4 of them join another set of ORG_A in the same run: 10 removals.
            await checked({ organizations: ["ORG_A"], users: roster.slice(200, 204) });
            await handlers.update(a.id, a.outs, await checked({ organizations: ["ORG_A"], users: [roster[214]] }));
            // 15 leave B: 25 in all.
            await handlers.update(b.id, b.outs, await checked({ organizations: ["ORG_B"], users: [roster[300]] }));
            expect(e.api.organization("ORG_B")!.members.has(roster[200])).toBe(false);
            // Nothing is left for a 26th.
            const other = { ...a.outs, organizations: ["ORG_C"], users: [roster[400]] };
            await expect(handlers.delete("members-other", other)).rejects.toThrow(
                /this removal would pass the limit of 25 memberships removed per run \(edubase:maxMembershipRemovals; 0 left/,
            );
            expect(count("DELETE")).toBe(2);
        });
    });

    /** How many users a write's comma list names. */
    const usersIn = (body: unknown) => String((body as { users: string }).users).split(",").length;

    describe("at roster scale", () => {
        afterEach(() => delete e.h.config["edubase:maxMembershipRemovals"]);

        it("writes and removes at most 1,000 users per request", async () => {
            const users = Array.from({ length: 2500 }, (_, i) => e.api.seedUser({ user: `BIG${i}`, name: `Big ${i}` }));
            const { id, outs } = await created({ organizations: ["ORG_A", "ORG_B"], users });
            expect(e.api.organization("ORG_B")!.members.size).toBeGreaterThanOrEqual(2500);
            e.h.config["edubase:maxMembershipRemovals"] = "2400";
            await handlers.update(
                id,
                outs,
                await checked({ organizations: ["ORG_A", "ORG_B"], users: users.slice(1200) }),
            );
            const sent = e.h.em.exchanges.map((x) => [x.method, x.path, usersIn(x.requestBody)]);
            expect(sent.sort()).toEqual([
                ["DELETE", "/organization:members", 1000],
                ["DELETE", "/organization:members", 1000],
                ["DELETE", "/organization:members", 200],
                ["DELETE", "/organization:members", 200],
            ]);
            expect(e.api.organization("ORG_A")!.members.has(users[1199])).toBe(false);
        });

        it("creates a 2,500-user set with 3 requests", async () => {
            const users = Array.from({ length: 2500 }, (_, i) => e.api.seedUser({ user: `NEW${i}`, name: `New ${i}` }));
            e.h.em.resetRecords();
            await handlers.create(await checked({ organizations: ["ORG_A", "ORG_B"], users }));
            expect(e.writes().map((x) => usersIn(x.requestBody))).toEqual([1000, 1000, 500]);
            // Then what EduBase made of it, read back: one member list per organization.
            expect(count("GET")).toBe(2);
        });
    });
});
