/**
 * Program-side helpers shared by the Resource classes.
 */
import * as pulumi from "@pulumi/pulumi";

/**
 * Merges `additionalSecretOutputs`: a provider cannot mark its outputs secret itself ("Unexpected
 * struct type", pulumi/pulumi#3012), the engine does it for the names listed here.
 */
export function withSecretOutputs(
    opts: pulumi.CustomResourceOptions | undefined,
    names: readonly string[],
): pulumi.CustomResourceOptions {
    return { ...opts, additionalSecretOutputs: [...new Set([...(opts?.additionalSecretOutputs ?? []), ...names])] };
}

/**
 * Wraps an input that is secret by nature (a password) even when the program passed a plain
 * string, as @pulumi/random does for its results, so it never lands in state in plaintext.
 */
export function secretInput(value: pulumi.Input<string> | undefined): pulumi.Output<string> | undefined {
    return value === undefined ? undefined : pulumi.secret(value);
}
