import { defineProvider, Handlers, PROVIDER_VERSION, ResourceInitError } from "../../provider/core/dynamic";

type Inputs = { name: string };
type Outputs = { name: string; step?: string };

/** Handlers whose create and update fail half-way with the given error. */
function failingWith(err: unknown): Handlers<Inputs, Outputs> {
    const fail = async (): Promise<never> => {
        throw err;
    };
    return {
        check: async (_olds, news) => ({ inputs: news as Inputs, failures: [] }),
        diff: async () => ({ changes: false, replaces: [], deleteBeforeReplace: false }),
        create: fail,
        read: async () => ({}),
        update: fail,
        delete: async () => undefined,
    };
}

const request = { __provider: 'exports.handler = () => require("pulumi-edu-org/dist/x.provider.js");', name: "n" };

describe("partial failures carry what the engine needs to manage the resource later", () => {
    test.each([
        ["a ResourceInitError", new ResourceInitError("half done", "id-1", { name: "n", step: undefined })],
        ["any error carrying an id", Object.assign(new Error("half done"), { id: "id-1", properties: { name: "n" } })],
    ])(
        "%s from create or update gets the request's __provider and providerVersion, reasons, and its cause",
        async (_, err) => {
            const provider = defineProvider(failingWith(err));
            for (const call of [
                () => provider.create(request),
                () => provider.update!("id-1", { name: "o" }, request),
            ]) {
                const thrown = await call().catch((e) => e);
                expect(thrown).toBeInstanceOf(ResourceInitError);
                expect(thrown).toMatchObject({
                    message: "half done",
                    id: "id-1",
                    properties: { name: "n", providerVersion: PROVIDER_VERSION, __provider: request.__provider },
                    reasons: ["half done"],
                    cause: err,
                });
                expect(Object.values(thrown.properties)).not.toContain(undefined); // the Struct encoder rejects it
            }
        },
    );

    test("an error without an id is passed through unchanged", async () => {
        const err = new Error("refused");
        await expect(defineProvider(failingWith(err)).create(request)).rejects.toBe(err);
    });
});
