// A resource's field table is its one declaration: the check rules, the lists its handlers need,
// its types and its class all come from it.
import * as pulumi from "@pulumi/pulumi";
import {
    ArgsOf,
    changesOf,
    input,
    inputNames,
    InputsOf,
    output,
    OutputsOf,
    resourceClass,
    rulesOf,
    secretNames,
} from "../../provider/core/fields";
import { checkInputs } from "../../provider/core/check";

const fields = {
    /** Required. */
    username: input<string>().required({ type: "string", minLength: 1 }, { change: "update" }),
    /** Secret by nature. */
    password: input<string>().required({ type: "string", minLength: 6, secret: true }, { secret: true }),
    /** Defaulted. */
    role: input<"user" | "admin">().defaulted({ type: "string", enum: ["user", "admin"], default: "user" }),
    /** Checked by the resource itself, richer in the program than after check. */
    groups: input<string[], readonly pulumi.Input<string>[]>().optional(undefined, { change: "replace" }),
    /** Sent at creation only. */
    welcome: input<string>().optional({ type: "string" }, { inputOnly: true }),
    /** Computed. */
    printableName: output<string>().always(),
    /** Computed, secret. */
    code: output<string>().optional({ secret: true }),
};

test("check rules: required inputs required, defaults kept, only inputs with a rule", () => {
    expect(rulesOf(fields)).toEqual({
        username: { type: "string", minLength: 1, required: true },
        password: { type: "string", minLength: 6, secret: true, required: true },
        role: { type: "string", enum: ["user", "admin"], default: "user" },
        welcome: { type: "string" },
    });
    const { inputs, failures } = checkInputs<InputsOf<typeof fields>>({ password: "secret!" }, rulesOf(fields));
    expect(inputs).toEqual({ password: "secret!", role: "user" });
    expect(failures).toEqual([{ property: "username", reason: "username is required" }]);
});

test("the lists handlers need", () => {
    expect(changesOf(fields)).toEqual({ username: "update", groups: "replace" });
    expect(inputNames(fields)).toEqual(["username", "password", "role", "groups"]);
    expect(secretNames(fields)).toEqual(["password", "code"]);
});

test("types: what a program must pass, what check returns, what outputs hold", () => {
    const args: ArgsOf<typeof fields> = { username: "ada", password: pulumi.secret("secret!"), groups: ["g"] };
    // @ts-expect-error a required input is missing
    const missing: ArgsOf<typeof fields> = { username: "ada" };
    // @ts-expect-error a defaulted input is always set after check
    const unchecked: InputsOf<typeof fields> = { username: "ada", password: "secret!" };
    // @ts-expect-error an input sent at creation only is not an output
    const reported: OutputsOf<typeof fields>["welcome"] = undefined;
    const outs: OutputsOf<typeof fields> = { username: "ada", password: "p", role: "user", printableName: "Ada" };
    expect([args, missing, unchecked, reported, outs]).toHaveLength(5);
});

describe("resourceClass", () => {
    const registered: pulumi.runtime.MockResourceArgs[] = [];
    beforeAll(() =>
        pulumi.runtime.setMocks(
            {
                newResource: (args) => {
                    registered.push(args);
                    return { id: `${args.name}_id`, state: { ...args.inputs, printableName: "Ada L." } };
                },
                call: () => ({}),
            },
            "project",
            "stack",
            false,
        ),
    );

    const provider = {
        async create() {
            return { id: "x" };
        },
    };
    class User extends resourceClass(fields, provider, "test", "User") {}

    test("every output exists from construction; secret inputs are wrapped even when passed in plain text", async () => {
        const user = new User("ada", { username: "ada", password: "plain-pass" });
        for (const name of ["username", "password", "role", "groups", "printableName", "code"])
            expect([name, pulumi.Output.isInstance((user as unknown as Record<string, unknown>)[name])]).toEqual([
                name,
                true,
            ]);
        expect("welcome" in user).toBe(false);
        expect(await new Promise((resolve) => user.printableName.apply(resolve))).toBe("Ada L.");
        expect(await pulumi.isSecret(user.password)).toBe(true);
        expect(await pulumi.isSecret(user.username)).toBe(false);
        expect(registered.find((r) => r.name === "ada")?.type).toBe("pulumi-nodejs:dynamic/test:User");
    });
});
