import * as pulumi from "@pulumi/pulumi";
import {
    findUser,
    findUserOutput,
    getOrganization,
    getOrganizationMembers,
    getOrganizations,
    getOrganizationsOutput,
    getUserOrganizations,
} from "../../provider/edubase/functions";
import { Provider } from "../../provider/edubase/provider";
import { useEdubase } from "../support/edubase";
import { describeEachReading } from "../support/edubaseReadings";

const envKeys = ["EDUBASE_API_APP", "EDUBASE_API_SECRET", "EDUBASE_API_URL"] as const;

// Every request under every reading of what EduBase's documentation leaves open.
describeEachReading((readings) => {
    const e = useEdubase({ readings });

    beforeAll(() => {
        e.api.seedOrganization({ organization: "ORG_MATH", name: "Mathematics Dept", id: "math" });
        e.api.seedOrganization({ organization: "ORG_PHYS", name: "Physics Dept" });
        for (let i = 0; i < 40; i++) e.api.seedOrganization({ organization: `ORG_${i}`, name: `Club ${i}` });
        e.api.seedUser({ user: "U_NAGY", name: "Kata Nagy", email: "k.nagy@school.example", username: "knagy" });
    });

    // Functions run in the program process: they read the environment (or pulumi.Config), not `configure`.
    beforeEach(() => {
        process.env.EDUBASE_API_APP = e.api.credentials.app;
        process.env.EDUBASE_API_SECRET = e.api.credentials.secret;
        process.env.EDUBASE_API_URL = e.h.em.edubaseUrl;
    });
    afterAll(() => envKeys.forEach((k) => delete process.env[k]));

    it("getOrganizations pages through every organization", async () => {
        const r = await getOrganizations();
        expect(r.organizations).toHaveLength(42);
        expect(r.organizations[0]).toEqual({ organization: "ORG_MATH", id: "math", name: "Mathematics Dept" });
    });

    it("getOrganizations filters with search", async () => {
        expect((await getOrganizations({ search: "dept" })).organizations.map((o) => o.organization)).toEqual([
            "ORG_MATH",
            "ORG_PHYS",
        ]);
    });

    it("getOrganization checks a code and fails clearly for an unknown one", async () => {
        expect(await getOrganization({ organization: "ORG_PHYS" })).toEqual({
            organization: "ORG_PHYS",
            id: null,
            name: "Physics Dept",
        });
        await expect(getOrganization({ organization: "NOPE" })).rejects.toThrow(
            'edubase.getOrganization: organization "NOPE" does not exist or this EduBase application cannot manage it',
        );
    });

    it("getOrganizationMembers and getUserOrganizations return the memberships with their levels", async () => {
        e.api.setMembership("ORG_MATH", "U_NAGY", {
            department: null,
            permission: { organization: "teacher", content: "modify" },
        });
        expect(await getOrganizationMembers({ organization: "ORG_MATH" })).toEqual({
            organization: "ORG_MATH",
            members: [
                {
                    user: "U_NAGY",
                    name: "Kata Nagy",
                    department: null,
                    permissionOrganization: "teacher",
                    permissionContent: "modify",
                },
            ],
        });
        const mine = await getUserOrganizations({ user: "U_NAGY" });
        expect(mine.organizations.map((o) => [o.organization, o.permissionOrganization])).toEqual([
            ["ORG_MATH", "teacher"],
        ]);
    });

    it("findUser finds a code by email or username and fails when nobody matches", async () => {
        expect(await findUser({ query: "k.nagy@school.example" })).toEqual({
            query: "k.nagy@school.example",
            user: "U_NAGY",
            exam: false,
        });
        await expect(findUser({ query: "ghost@school.example" })).rejects.toThrow(
            'edubase.findUser: no EduBase user matches "ghost@school.example"',
        );
    });

    it("uses an explicit edubase.Provider's settings over the environment", async () => {
        await pulumi.runtime.setMocks({
            newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
            call: () => ({}),
        });
        process.env.EDUBASE_API_SECRET = "wrong-secret";
        const provider = new Provider("school", {
            app: e.api.credentials.app,
            secret: e.api.credentials.secret,
            apiUrl: e.h.em.edubaseUrl,
        });
        expect((await findUser({ query: "knagy" }, { provider })).user).toBe("U_NAGY");
        await expect(findUser({ query: "knagy" })).rejects.toThrow(/401 UNAUTHORIZED/);
    });

    it("has Output forms that take Inputs", async () => {
        const result = await new Promise((resolve) => findUserOutput({ query: pulumi.output("knagy") }).apply(resolve));
        expect(result).toMatchObject({ user: "U_NAGY" });
        const orgs = await new Promise<{ organizations: unknown[] }>((resolve) =>
            getOrganizationsOutput({ search: "Physics" }).apply(resolve),
        );
        expect(orgs.organizations).toHaveLength(1);
    });
});
