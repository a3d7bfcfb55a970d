/**
 * One declaration per resource field. Each resource module declares a table of its fields, with the
 * field's TSDoc, type, check rule, how a change to it is applied and whether it is secret; from that
 * table come its `Args`, checked inputs and outputs types, its check rules, the property lists its
 * handlers need, and its resource class (outputs that exist from construction, secret inputs and
 * outputs). Editors show each field's TSDoc on the Args and on the class's outputs alike.
 */
import * as pulumi from "@pulumi/pulumi";
import { Rule, Rules } from "./check";
import { ChangeKind, Props } from "./dynamic";

/**
 * How present an input is: `required` in the program and after check; `defaulted`, optional in the
 * program and always set after check (the rule's default); `optional` in both.
 */
export type Presence = "required" | "defaulted" | "optional";

interface Options {
    /** How a change is applied; unset: never compared (create-time values). */
    readonly change?: ChangeKind;
    /** Never shown in state in plaintext: a secret output, and an input wrapped with `pulumi.secret`. */
    readonly secret?: boolean;
}

interface InputOptions extends Options {
    /** Not among the outputs (what only creation needs, such as initial passwords). */
    readonly inputOnly?: boolean;
    /** Always among the outputs though optional in the program: the provider reports the effective value. */
    readonly alwaysOutput?: boolean;
}

/** An input: `T` after check, `A` what a program passes (as a `pulumi.Input`), `O` as reported in outputs. */
export interface InputField<T, A, O, P extends Presence> extends InputOptions {
    readonly role: "input";
    readonly presence: P;
    /** The check rule; none when the resource checks the value itself (objects, maps). */
    readonly rule?: Rule;
    /** Types only: never set. */
    readonly types?: { value: T; arg: A; output: O };
}

/** An output the provider computes; `always` when every state has it. */
export interface OutputField<T, P extends "always" | "optional"> extends Options {
    readonly role: "output";
    readonly presence: P;
    /** Types only: never set. */
    readonly types?: { output: T };
}

// `any` here only stands for "whatever the field's declared type is" in the mapped types below.
/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyInput = InputField<any, any, any, Presence>;
type AnyField = AnyInput | OutputField<any, "always" | "optional">;
/* eslint-enable @typescript-eslint/no-explicit-any */
export type Fields = Readonly<Record<string, AnyField>>;

type RuleSpec = Omit<Rule, "required" | "default">;

/**
 * Declares an input of value type `T` (what `check` returns); `A` is what a program may pass when it
 * is richer (lists of `Input`s, entries to be keyed), `O` how outputs report it when it differs.
 */
export function input<T, A = T, O = T>() {
    const make =
        <P extends Presence>(presence: P) =>
        <const X extends InputOptions = object>(rule?: RuleSpec & { default?: T }, options?: X) =>
            ({
                role: "input",
                presence,
                ...(rule && { rule: { ...rule, ...(presence === "required" && { required: true }) } }),
                ...options,
            }) as InputField<T, A, O, P> & X;
    return {
        required: make("required"),
        /** Optional in the program; `check` sets the rule's `default`. */
        defaulted: make("defaulted"),
        optional: make("optional"),
    };
}

/** Declares an output of type `T` that the provider computes. */
export function output<T>() {
    return {
        always: (options: Options = {}): OutputField<T, "always"> => ({
            role: "output",
            presence: "always",
            ...options,
        }),
        optional: (options: Options = {}): OutputField<T, "optional"> => ({
            role: "output",
            presence: "optional",
            ...options,
        }),
    };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type InputWith<P extends Presence> = InputField<any, any, any, P>;
type ValueOf<X> = X extends { types?: { value: infer T } } ? T : never;
type ArgOf<X> = X extends { types?: { arg: infer A } } ? A : never;
type OutputOf<X> = X extends { types?: { output: infer O } } ? O : never;
/** Flattens an intersection so that editors show one object type. */
type Flat<T> = { [K in keyof T]: T[K] } & {};

/** What a program passes to the resource's constructor. */
export type ArgsOf<F> = Flat<
    { [K in keyof F as F[K] extends InputWith<"required"> ? K : never]: pulumi.Input<ArgOf<F[K]>> } & {
        [K in keyof F as F[K] extends InputWith<"defaulted" | "optional"> ? K : never]?: pulumi.Input<ArgOf<F[K]>>;
    }
>;

/** The inputs after `check`: defaults applied. */
export type InputsOf<F> = Flat<
    { [K in keyof F as F[K] extends InputWith<"required" | "defaulted"> ? K : never]: ValueOf<F[K]> } & {
        [K in keyof F as F[K] extends InputWith<"optional"> ? K : never]?: ValueOf<F[K]>;
    }
>;

type Always = InputWith<"required" | "defaulted"> | OutputField<unknown, "always"> | { alwaysOutput: true };
type Reported<X> = X extends { inputOnly: true } ? false : true;

/** The outputs: the reported inputs and what the provider computes. */
export type OutputsOf<F> = Flat<
    { [K in keyof F as F[K] extends Always ? (Reported<F[K]> extends true ? K : never) : never]: OutputOf<F[K]> } & {
        [K in keyof F as F[K] extends Always ? never : Reported<F[K]> extends true ? K : never]?: OutputOf<F[K]>;
    }
>;

/**
 * Every key of `T` spelt out, optional ones possibly `undefined`: the return type of a resource's
 * outputs mapping, so that a field added to the table and forgotten there fails to compile.
 */
export type Complete<T> = { [K in keyof Required<T>]: T[K] };

/** The resource class's output properties. */
export type ResourceOutputsOf<F> = {
    readonly [K in keyof OutputsOf<F>]-?: pulumi.Output<OutputsOf<F>[K]>;
};

const names = (fields: Fields, keep: (f: AnyField) => unknown) => Object.keys(fields).filter((k) => keep(fields[k]));

/** The check rules of the inputs that have one, with their defaults. */
export function rulesOf(fields: Fields): Rules {
    const rules: Record<string, Rule> = {};
    for (const [name, f] of Object.entries(fields)) if (f.role === "input" && f.rule) rules[name] = f.rule;
    return rules;
}

/** How a change to each compared input is applied, for `diffInputs`. */
export function changesOf(fields: Fields): Readonly<Record<string, ChangeKind>> {
    return Object.fromEntries(names(fields, (f) => f.change).map((k) => [k, fields[k].change!]));
}

/** The names of the inputs reported in outputs: what `read` returns as inputs. */
export function inputNames(fields: Fields): readonly string[] {
    return names(fields, (f) => f.role === "input" && !f.inputOnly);
}

/** The inputs that declare a resource with these outputs, for `read`. */
export function inputsFrom<F extends Fields>(fields: F, outs: OutputsOf<F>): InputsOf<F> {
    const o = outs as Props;
    return Object.fromEntries(inputNames(fields).map((k) => [k, o[k]])) as InputsOf<F>;
}

/** The secret outputs, computed or reported inputs: the class's `additionalSecretOutputs`. */
export function secretNames(fields: Fields): readonly string[] {
    return names(fields, (f) => f.secret && (f.role === "output" || !f.inputOnly));
}

/** A resource class built from the field table `F`. */
export type ResourceClass<F> = new (
    name: string,
    args: ArgsOf<F>,
    opts?: pulumi.CustomResourceOptions,
) => pulumi.dynamic.Resource & ResourceOutputsOf<F>;

/**
 * The base of a resource's class. Every output exists on the object from construction (unset ones
 * as `undefined` until the engine fills them in), inputs secret by nature are wrapped with
 * `pulumi.secret` even when the program passed plain text, and secret fields are listed in
 * `additionalSecretOutputs` (a provider cannot mark outputs secret itself, pulumi/pulumi#3012).
 */
export function resourceClass<F extends Fields>(
    fields: F,
    provider: pulumi.dynamic.ResourceProvider,
    module: string,
    type: string,
): ResourceClass<F> {
    const outputs = names(fields, (f) => f.role === "output" || !f.inputOnly);
    const secretInputs = names(fields, (f) => f.role === "input" && f.secret);
    const secretOutputs = secretNames(fields);
    class FieldResource extends pulumi.dynamic.Resource {
        constructor(name: string, args: ArgsOf<F>, opts?: pulumi.CustomResourceOptions) {
            const props: Props = { ...Object.fromEntries(outputs.map((k) => [k, undefined])), ...args };
            // As @pulumi/random does for its results, so a password never lands in state in plaintext.
            for (const k of secretInputs) if (props[k] !== undefined) props[k] = pulumi.secret(props[k]);
            const additionalSecretOutputs = [...new Set([...(opts?.additionalSecretOutputs ?? []), ...secretOutputs])];
            super(provider, name, props, { ...opts, additionalSecretOutputs }, module, type);
        }
    }
    return FieldResource as never;
}
