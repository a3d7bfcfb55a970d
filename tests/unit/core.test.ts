import { ApiError, backoffDelay, encodeQuery, httpOptionsFromEnv, redact, shouldRetry } from "../../provider/core/http";
import { ListCache } from "../../provider/core/listCache";
import { checkInputs, parseDuration } from "../../provider/core/check";
import {
    diffInputs,
    Handlers,
    PROVIDER_VERSION,
    ResourceInitError,
    sanitize,
    UNKNOWN,
} from "../../provider/core/dynamic";
import { labelled } from "../../provider/core/errors";
import { lookup, requireSetting, setEngineConfig, settings } from "../../provider/core/config";
import { RemovalBudget } from "../../provider/core/removalBudget";
import { passwordUpdate, profileUpdate } from "../../provider/flat/userProfile";
import { nextCursor } from "../../provider/flat/client";

describe("shouldRetry", () => {
    it.each([
        [{ kind: "network", timedOut: false } as const, true, true],
        [{ kind: "network", timedOut: true } as const, false, false],
        [{ kind: "response", status: 503 } as const, true, true],
        [{ kind: "response", status: 500 } as const, false, false],
        [{ kind: "response", status: 429 } as const, false, true],
        [{ kind: "response", status: 403, rateLimitWaitMs: 10 } as const, false, true],
        [{ kind: "response", status: 403 } as const, true, false],
        [{ kind: "response", status: 400 } as const, true, false],
        [{ kind: "response", status: 404 } as const, true, false],
    ])("%j (idempotent: %s) → retry %s", (attempt, idempotent, expected) => {
        expect(shouldRetry(attempt, idempotent)).toBe(expected);
    });
});

describe("backoffDelay", () => {
    it("grows exponentially with full jitter and a cap", () => {
        const state = { baseDelayMs: 100, maxDelayMs: 1000 };
        expect(backoffDelay(0, state, () => 0.999)).toBe(99);
        expect(backoffDelay(3, state, () => 0.5)).toBe(400);
        expect(backoffDelay(10, state, () => 0.999)).toBe(999);
        expect(backoffDelay(10, state, () => 0)).toBe(0);
    });
});

describe("errors and redaction", () => {
    it("reads like the design's example", () => {
        const e = new ApiError(
            "Flat",
            "POST",
            "/organizations/users",
            400,
            "CLIENT_ERROR",
            "username already used",
            "username",
        );
        expect(e.message).toBe(
            'Flat API POST /organizations/users failed: 400 CLIENT_ERROR "username already used" (param username)',
        );
    });

    it("removes secrets and their URL-encoded forms", () => {
        expect(redact("token a+b/c= and a%2Bb%2Fc%3D", ["a+b/c="])).toBe("token [secret] and [secret]");
    });

    it("encodes arrays in form/explode style", () => {
        expect(encodeQuery({ role: ["teacher", "admin"], q: "a b", limit: 1000, next: undefined })).toBe(
            "?role=teacher&role=admin&q=a+b&limit=1000",
        );
    });

    it("follows RFC 8288 next links", () => {
        expect(
            nextCursor(
                '<https://api.flat.io/v2/organizations/users?limit=1000&next=abc%3D>; rel="next", <https://x/?previous=p>; rel="prev"',
            ),
        ).toBe("abc=");
        expect(nextCursor('<https://x/?previous=p>; rel="prev"')).toBeUndefined();
    });
});

describe("ListCache", () => {
    it("loads once for concurrent readers and serves patches without a request", async () => {
        const cache = new ListCache();
        let loads = 0;
        const load = async () => {
            loads++;
            await new Promise((r) => setTimeout(r, 10));
            return [1, 2];
        };
        const results = await Promise.all(Array.from({ length: 50 }, () => cache.get("k|a", load)));
        expect(loads).toBe(1);
        expect(results[49]).toEqual([1, 2]);
        cache.patch<number>("k|", (items) => [...items, 3]);
        expect(await cache.get("k|a", load)).toEqual([1, 2, 3]);
        expect(loads).toBe(1);
    });

    it("does not keep a failed load", async () => {
        const cache = new ListCache();
        await expect(cache.get("k", () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
        expect(await cache.get("k", async () => [7])).toEqual([7]);
    });

    it("drops a snapshot still loading when a write patches it, since the load may predate the write", async () => {
        const cache = new ListCache();
        let release!: (v: number[]) => void;
        void cache.get("k", () => new Promise<number[]>((r) => (release = r)));
        cache.patch<number>("k", (items) => [...items, 9]);
        release([1]);
        expect(await cache.get("k", async () => [1, 9])).toEqual([1, 9]);
    });
});

describe("checkInputs", () => {
    it("skips unknown values, including unknown list items", () => {
        const r = checkInputs(
            { a: UNKNOWN, b: ["x", UNKNOWN] },
            { a: { type: "string", enum: ["y"] }, b: { type: "string[]", enum: ["x"] } },
        );
        expect(r.failures).toEqual([]);
    });

    it("rejects duplicates and non-lists in string lists", () => {
        const rules = { scopes: { type: "string[]" as const, minItems: 1 } };
        expect(checkInputs({ scopes: ["a", "a"] }, rules).failures[0].reason).toMatch(/lists "a" more than once/);
        expect(checkInputs({ scopes: "a" }, rules).failures[0].reason).toMatch(/must be a list of strings/);
        expect(checkInputs({ scopes: [] }, rules).failures[0].reason).toMatch(/at least 1 item/);
    });

    it("parses durations", () => {
        expect(parseDuration("72h")).toBe(72 * 3_600_000);
        expect(parseDuration("1h30m")).toBe(90 * 60_000);
        expect(parseDuration("soon")).toBeUndefined();
    });
});

describe("diffInputs and sanitize", () => {
    it("counts unknown values as changes and replaces where the API cannot update", () => {
        const olds = { a: 1, b: "x", providerVersion: PROVIDER_VERSION };
        expect(
            diffInputs(olds, { a: UNKNOWN, b: "x" }, { a: "replace", b: "update" }, { deleteBeforeReplace: true }),
        ).toEqual({ changes: true, replaces: ["a"], deleteBeforeReplace: true });
        expect(diffInputs(olds, { a: 1 }, { a: "replace", b: "update" })).toEqual({
            changes: false,
            replaces: [],
            deleteBeforeReplace: false,
        });
    });

    it("strips undefined at every depth", () => {
        expect(sanitize({ a: undefined, b: { c: undefined, d: [1, undefined] } })).toEqual({ b: { d: [1] } });
    });
});

describe("configuration precedence", () => {
    const saved = { ...process.env };
    afterEach(() => {
        process.env = { ...saved };
    });

    it("prefers config over the environment over the default", () => {
        process.env.FLAT_BASE_URL = "http://env";
        expect(lookup(settings.flatBaseUrl, () => "http://config")).toBe("http://config");
        expect(lookup(settings.flatBaseUrl, () => undefined)).toBe("http://env");
        delete process.env.FLAT_BASE_URL;
        expect(lookup(settings.flatBaseUrl, () => undefined)).toBe("https://api.flat.io/v2");
    });

    it("accepts EDUBASE_API_KEY as the secret's second environment name", () => {
        delete process.env.EDUBASE_API_SECRET;
        process.env.EDUBASE_API_KEY = "k";
        expect(lookup(settings.edubaseSecret, () => undefined)).toBe("k");
    });

    it("names the key and the variables when a required setting is missing", () => {
        delete process.env.FLAT_ACCESS_TOKEN;
        expect(() => requireSetting(settings.flatAccessToken, () => undefined)).toThrow(
            "Missing required configuration flat:accessToken: run `pulumi config set --secret flat:accessToken <value>`, pass it to an explicit provider, or set the FLAT_ACCESS_TOKEN environment variable",
        );
    });
});

describe("httpOptionsFromEnv", () => {
    it("reads the provider process's tuning variables and refuses a typo instead of ignoring it", () => {
        expect(
            httpOptionsFromEnv({
                EDU_ORG_HTTP_TIMEOUT_MS: "1000",
                EDU_ORG_HTTP_RETRIES: "0",
                EDU_ORG_HTTP_CONCURRENCY: "",
            }),
        ).toEqual({ timeoutMs: 1000, retries: 0 });
        expect(() => httpOptionsFromEnv({ EDU_ORG_HTTP_CONCURRENCY: "0" })).toThrow(
            'EDU_ORG_HTTP_CONCURRENCY must be a whole number above 0, got "0"',
        );
        expect(() => httpOptionsFromEnv({ EDU_ORG_HTTP_TIMEOUT_MS: "30s" })).toThrow(/EDU_ORG_HTTP_TIMEOUT_MS/);
    });
});

describe("RemovalBudget", () => {
    const memberships = () => new RemovalBudget(settings.edubaseMaxMembershipRemovals, "memberships");
    afterEach(() => setEngineConfig(() => undefined));

    it("takes a set's removals whole or refuses them all, naming the count and how to raise the limit", () => {
        const budget = memberships();
        budget.take(20, "edubase.OrganizationMembers math: update");
        expect(() => budget.take(6, "edubase.OrganizationMembers art: update")).toThrow(
            "edubase.OrganizationMembers art: update: refused before any request: these 6 removals would pass the limit of 25 memberships removed per run (edubase:maxMembershipRemovals; 5 left, 6 refused so far in this run). " +
                "The resource stays in state. To allow more, raise the limit in the same change as the removals, e.g. `pulumi config set edubase:maxMembershipRemovals 40` " +
                "(or the maxMembershipRemovals input of an explicit edubase.Provider, or EDUBASE_MAX_MEMBERSHIP_REMOVALS in the environment of the run), then run again.",
        );
        budget.take(5, "edubase.OrganizationMembers art: update");
        expect(() => budget.take(1, "x")).toThrow(/limit of 25/);
    });

    it("gives back what a failed removal took, and starts again with a new run", async () => {
        const budget = memberships();
        await expect(budget.spend(25, "a", () => Promise.reject(new Error("EduBase refused")))).rejects.toThrow(
            "EduBase refused",
        );
        await expect(budget.spend(25, "b", async () => "done")).resolves.toBe("done");
        expect(() => budget.take(1, "c")).toThrow(/0 left/);
        budget.reset();
        budget.take(25, "d");
    });

    it("reads its limit from an explicit provider's number input as from config strings", () => {
        setEngineConfig((k) => (k === "edubase:maxMembershipRemovals" ? 3 : undefined));
        expect(memberships().limit()).toBe(3);
        setEngineConfig((k) => (k === "edubase:maxMembershipRemovals" ? "0" : undefined));
        expect(memberships().limit()).toBe(0);
        setEngineConfig((k) => (k === "edubase:maxMembershipRemovals" ? "-1" : undefined));
        expect(() => memberships().limit()).toThrow(/edubase:maxMembershipRemovals must be a whole number/);
    });
});

describe("profileUpdate (the adoption rule)", () => {
    const current = {
        username: "mrivera",
        email: "m@x.example",
        firstname: "Maria",
        lastname: "Rivera",
        role: "teacher" as const,
    };

    it("sends nothing for an equal profile and only what differs otherwise, never a password", () => {
        expect(profileUpdate(current, { ...current })).toEqual({});
        expect(profileUpdate(current, { username: "mrivera", role: "teacher" })).toEqual({});
        expect(profileUpdate(current, { ...current, lastname: "Rivera-King", role: "admin" })).toEqual({
            lastname: "Rivera-King",
            organizationRole: "admin",
        });
    });

    it("sends a password only as a change of one declared before", () => {
        expect(passwordUpdate(undefined, "declared")).toBeUndefined();
        expect(passwordUpdate("declared", "declared")).toBeUndefined();
        expect(passwordUpdate("declared", "changed")).toBe("changed");
    });
});

describe("labelled handlers (the error shape)", () => {
    interface Thing {
        name: string;
    }
    const api = new ApiError("Flat", "POST", "/things", 400, "CLIENT_ERROR", "name already used", "name");
    const failing = (err: Error): Handlers<Thing, Thing> => ({
        check: () => Promise.reject(err),
        diff: () => Promise.reject(err),
        create: () => Promise.reject(err),
        read: () => Promise.reject(err),
        update: () => Promise.reject(err),
        delete: () => Promise.reject(err),
    });
    const label = { type: "flat.Thing", name: (p: Partial<Thing>) => p.name };
    const failure = (p: Promise<unknown>) =>
        p.then(
            () => {
                throw new Error("expected failure");
            },
            (e: Error) => e,
        );

    it("reads <api>.<Resource> <name>: <action>: <reason> and keeps the caught error as its cause", async () => {
        const h = labelled(label, failing(api));
        const created = await failure(h.create({ name: "ada" }));
        expect(created.message).toBe(`flat.Thing ada: create: ${api.message}`);
        expect(created.cause).toBe(api);
        // Without a name in the props, the id names it.
        expect((await failure(h.delete("t-1", {} as Thing))).message).toBe(`flat.Thing t-1: delete: ${api.message}`);
        expect((await failure(h.update("t-1", { name: "old" }, { name: "new" }))).message).toMatch(
            /^flat\.Thing new: update: /,
        );
        expect((await failure(h.check({}, { name: UNKNOWN }))).message).toMatch(/^flat\.Thing \(unnamed\): check: /);
    });

    it("leaves an error already in the shape alone and keeps a partial failure one", async () => {
        const shaped = new Error("flat.Thing ada: adopt: it differs");
        expect(await failure(labelled(label, failing(shaped)).create({ name: "ada" }))).toBe(shaped);
        const partial = new ResourceInitError("created but not configured", "t-1", { name: "ada" });
        const err = await failure(labelled(label, failing(partial)).create({ name: "ada" }));
        expect(err).toBeInstanceOf(ResourceInitError);
        expect(err).toMatchObject({ id: "t-1", properties: { name: "ada" }, cause: partial });
        expect(err.message).toBe("flat.Thing ada: create: created but not configured");
    });
});
